import { workspaceInPath } from './live-socket';

describe('the routing hint the /live socket carries', () => {
  it('names the workspace the tab is on', () => {
    expect(workspaceInPath('/workspaces/6f0c1d2e-0000-4000-8000-000000000001')).toBe('6f0c1d2e-0000-4000-8000-000000000001');
    expect(workspaceInPath('/workspaces/w1/documents/d1')).toBe('w1');
  });

  it('names none elsewhere', () => {
    expect(workspaceInPath('/')).toBeNull();
    expect(workspaceInPath('/workspaces')).toBeNull();
    expect(workspaceInPath('/workspaces/')).toBeNull();
    expect(workspaceInPath('/settings/workspaces/w1')).toBeNull();
  });
});
