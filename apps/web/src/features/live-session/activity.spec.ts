import { ActivityWatch, IDLE_AFTER_MS, type Activity } from './activity';

describe('active or idle', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function watching(hidden = false) {
    const heard: Activity[] = [];
    const watch = new ActivityWatch((a) => heard.push(a), hidden);
    return { watch, heard };
  }

  it('turns idle after a minute without input, and active again on the next input', () => {
    const { watch, heard } = watching();
    expect(watch.activity).toBe('active');
    jest.advanceTimersByTime(IDLE_AFTER_MS - 1);
    expect(watch.activity).toBe('active');
    jest.advanceTimersByTime(1);
    expect(watch.activity).toBe('idle');
    watch.input(Date.now());
    expect(watch.activity).toBe('active');
    expect(heard).toEqual(['idle', 'active']);
    watch.stop();
  });

  it('input keeps it active: the minute counts from the last input', () => {
    const { watch } = watching();
    jest.advanceTimersByTime(40_000);
    watch.input(Date.now());
    jest.advanceTimersByTime(40_000);
    expect(watch.activity).toBe('active');
    jest.advanceTimersByTime(20_000);
    expect(watch.activity).toBe('idle');
    watch.stop();
  });

  it('is idle at once while the tab is hidden, whatever arrives, and active when it shows again', () => {
    const { watch, heard } = watching();
    watch.visibility(true, Date.now());
    expect(watch.activity).toBe('idle');
    watch.input(Date.now());
    expect(watch.activity).toBe('idle');
    watch.visibility(false, Date.now());
    expect(watch.activity).toBe('active');
    expect(heard).toEqual(['idle', 'active']);
    watch.stop();
  });

  it('starts idle in a hidden tab', () => {
    const { watch } = watching(true);
    expect(watch.activity).toBe('idle');
    watch.stop();
  });
});
