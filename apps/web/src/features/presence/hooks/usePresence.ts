import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { presentPeople, type PresentPerson } from '../presence';

/** Who is in the document now; updates as soon as awareness changes (join, leave, typing). */
export function usePresence(awareness: Awareness): PresentPerson[] {
  const [people, setPeople] = useState<{ source: Awareness; list: PresentPerson[] }>(() => ({
    source: awareness,
    list: presentPeople(awareness),
  }));
  useEffect(() => {
    const update = () => setPeople({ source: awareness, list: presentPeople(awareness) });
    awareness.on('change', update);
    // Catch anything that changed between the first render and this subscription.
    update();
    return () => awareness.off('change', update);
  }, [awareness]);
  return people.source === awareness ? people.list : presentPeople(awareness);
}
