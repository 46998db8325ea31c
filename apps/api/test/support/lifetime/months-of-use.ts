import { ReceiptStatus } from '@kinship/domain/wire';
import { AgreementVersionView, ProposalView, readAgreement, writeAgreementItems } from '@kinship/domain/agreements';
import { createDocument } from '../couple';
import { FIELD, item } from '../agreement-client';
import { until } from '../sync-client';
import { itemsOf } from '../../../src/agreements/agreement-content';
import {
  ANSI_COLOUR,
  BUDGET_MS,
  DAYS,
  DOCUMENT_QUOTA_BYTES,
  KILLS,
  PASTE_DAY,
  pause,
  pick,
  progress,
  PROPOSAL_DAYS,
  REDIS_DOWN_DAY,
  REDIS_UP_DAY,
  refusedForGood,
  rngOf,
  SEED,
  WORKSPACE_QUOTA_BYTES,
} from './lifetime-plan';
import type { LifetimeRun, Person } from './lifetime-run';
import { Page } from './lifetime-page';
import { acknowledge, agreementVisit, Device, deviceDay, lineStarts, notesVisit, pasteFlood } from './page-loads';
import { proposalPath, proposalRound, xmlTextIn } from './proposal-round';
import { storedDoc, storedState } from './stored-state';

/** The lifetime spec's run (lifetime.spec.ts): day 0, forty days of use, and what is checked after the months. */

/** The whole run; what it finds goes to `failures` and `report`. */
export async function live(run: LifetimeRun): Promise<void> {
  const { one, two, redis, couple, db, servers, pages, failures, closes, sentences, loads, receipts, races, versions, fail, note, alive, people, call } = run;
  const started = Date.now();
  const [alex, blake, rivera] = people() as [Person, Person, Person];
  const notes = await createDocument(couple.partnerA, couple.workspace.id, 'notes', 'Between sessions');
  const agreement = await createDocument(couple.partnerA, couple.workspace.id, 'agreement', 'Our evenings');
  const setupRng = rngOf('setup');

  // ---- Day 0: the draft agreement, written by both, proposed while Blake still types in it, accepted (version 1).
  const draftItems = [item('Evenings', 'We eat together on weekdays.'), item('Phones', 'Phones stay in the hall after nine.'), item('Money', 'We talk before spending over 100.')];
  {
    const writer = new Page(run, "Alex's draft page", alex, agreement.id, pick(setupRng, alive()));
    await writer.synced();
    writeAgreementItems(writer.doc.getXmlFragment(FIELD), draftItems);
    if ((await writer.receipt()) !== ReceiptStatus.stored) fail('the draft was refused');
    writer.destroy();
    const editor = new Page(run, "Blake's draft page", blake, agreement.id, pick(setupRng, alive()));
    await editor.synced();
    const paragraph = xmlTextIn(editor, draftItems[1]!.id, 'paragraph');
    paragraph.insert(paragraph.length, ' Both of us.');
    if ((await editor.receipt()) !== ReceiptStatus.stored) fail("Blake's draft edit was refused");
    // Asked to be accepted while Blake types on: the proposal copies the draft as stored once sealed.
    const delayMs = Math.floor(setupRng() * 21);
    const [proposed, draftStatus] = await Promise.all([
      call<ProposalView>(alex.http, pick(setupRng, alive()), 'POST', `/api/agreements/${agreement.id}/proposals`, {}),
      pause(delayMs).then(() => {
        paragraph.insert(paragraph.length, ' Typed while Alex proposed.');
        return editor.receipt();
      }),
    ]);
    editor.destroy();
    if (proposed.status !== 201 && proposed.status !== 200) throw new Error(`proposing the draft answered ${proposed.status}`);
    const draftAsStored = itemsOf(await storedState(run, agreement.id));
    const copied = proposed.body.items;
    if (JSON.stringify(copied) !== JSON.stringify(draftAsStored)) fail('the first proposal is not the draft as stored');
    const hasTyped = copied.some((i) => i.text.includes('Typed while Alex proposed.'));
    if ((draftStatus === ReceiptStatus.stored) !== hasTyped) fail(`the draft edit (receipt ${draftStatus}) and the proposal disagree`);
    note(`day 0: draft edit raced the proposal at ${delayMs} ms: ${draftStatus === ReceiptStatus.stored ? 'in the proposal' : 'refused'}`);
    const path = proposalPath(agreement.id, proposed.body.id);
    const a = await call<ProposalView>(alex.http, pick(setupRng, alive()), 'POST', `${path}/accept`, {});
    const b = await call<ProposalView>(blake.http, pick(setupRng, alive()), 'POST', `${path}/accept`, {});
    if (a.status !== 200 || b.status !== 200 || b.body.state !== 'in-force') throw new Error(`version 1 did not come into force: ${a.status} ${b.status} ${b.body.state}`);
    versions.push({ number: 1, proposalId: proposed.body.id, items: b.body.items });
  }

  // ---- The devices that live through the whole run.
  const devices: Device[] = [
    { page: new Page(run, "Alex's laptop", alex, notes.id, two), owner: 'laptop', rng: rngOf('laptop'), away: [[6, 15]], writes: true, typed: [], deleting: [] },
    { page: new Page(run, "Blake's phone", blake, notes.id, one), owner: 'phone', rng: rngOf('phone'), away: [[2, 4], [20, 33]], writes: true, typed: [], deleting: [] },
    { page: new Page(run, "Blake's tablet", blake, agreement.id, one), owner: 'tablet', rng: rngOf('tablet'), away: [[8, 27]], writes: false, typed: [], deleting: [] },
  ];
  await Promise.all(devices.map((d) => d.page.synced()));

  const phases: Record<string, number> = {};
  const redisDown = () => !redis.up;
  for (let day = 1; day <= DAYS; day++) {
    const dayStarted = Date.now();
    if (dayStarted - started > BUDGET_MS) {
      fail(`the run took over ${BUDGET_MS / 1000} s before day ${day}: days ${day}–${DAYS} were skipped`);
      break;
    }
    const server = (name: string) => (name === 'one' ? one : two);
    for (const kill of KILLS.filter((k) => k.restartDay === day)) {
      await server(kill.victim).start();
      note(`day ${day}: process ${kill.victim} started again`);
    }
    if (day === REDIS_DOWN_DAY) {
      await redis.kill();
      note(`day ${day}: Redis killed`);
    }
    if (day === REDIS_UP_DAY) {
      await redis.start();
      note(`day ${day}: Redis back`);
    }
    // Devices leave and come back: back on the other process when it is up.
    for (const device of devices) {
      const away = device.away.some(([from, to]) => day >= from && day <= to);
      if (away && !device.page.offline) device.page.goOffline();
      if (!away && device.page.offline) {
        const other = alive().find((s) => s !== device.page.server) ?? pick(device.rng, alive());
        device.page.moveTo(other);
        note(`day ${day}: ${device.page.who} back online on process ${other.name}`);
      }
    }

    const inForce = versions[versions.length - 1]!.items;
    // While Redis is away a room another process holds does not hear of a new version until it is back.
    const checkAgreement = !redisDown();
    const kill = KILLS.find((k) => k.day === day);
    const victim = kill ? server(kill.victim) : undefined;
    const work: Promise<void>[] = [];
    for (const person of [alex, blake]) {
      const rng = rngOf(`${person.key}/day`);
      const visits = 3 + Math.floor(rng() * 3);
      work.push(
        (async () => {
          // On a kill day the first page load goes to the process about to die.
          for (let n = 1; n <= visits; n++) await notesVisit(run, notes.id, person, day, n, n === 1 ? victim : undefined);
        })(),
        (async () => {
          for (let n = 0; n < 3; n++) await agreementVisit(run, agreement.id, person, checkAgreement ? inForce : null);
        })(),
      );
    }
    if (day % 3 === 0) work.push(notesVisit(run, notes.id, rivera, day, 1), agreementVisit(run, agreement.id, rivera, checkAgreement ? inForce : null));
    work.push(...devices.map((d) => deviceDay(run, d, day, !!kill)));
    if (day === PASTE_DAY) work.push(pasteFlood(run, notes.id, alex, day));
    if (victim) {
      work.push(
        (async () => {
          // SIGKILL while a page on it holds typing it has not had acknowledged.
          const typing = () => [...pages].filter((p) => p.server === victim && p.unsaved && !p.offline);
          await until(() => typing().length > 0, 5000, 'a page typing on the process').catch(() => note(`day ${day}: no page was typing on ${victim.name}`));
          const caught = typing().map((p) => p.who);
          await victim.kill();
          note(`day ${day}: process ${victim.name} SIGKILLed while ${caught.join(', ')} had typing not yet acknowledged`);
        })(),
      );
    }
    await Promise.all(work);
    // Devices on a dead process go where the proxy sends them; their pending edits are acknowledged.
    for (const device of devices) {
      if (!device.page.offline && (!device.page.server.alive || device.page.server.life !== device.page.life)) device.page.moveTo(pick(device.rng, alive()));
    }
    await Promise.all(devices.map((d) => acknowledge(run, d)));
    if (PROPOSAL_DAYS.includes(day)) {
      const t = Date.now();
      await proposalRound(run, agreement.id, day, [alex, blake]).catch((error: Error) => fail(`day ${day}: the proposal round stopped: ${error.message}`));
      phases[`proposal day ${day}`] = Date.now() - t;
    }
    phases[`day ${day}`] = Date.now() - dayStarted;
    progress(`day ${day} done in ${phases[`day ${day}`]} ms; ${failures.length} failures so far${failures.length ? `, the last: ${failures[failures.length - 1]}` : ''}`);
  }
  note(`days: ${Object.entries(phases).filter(([k]) => k.startsWith('day')).map(([k, v]) => `${k.slice(4)}:${v}`).join(' ')} ms`);
  note(`proposal rounds: ${Object.entries(phases).filter(([k]) => k.startsWith('proposal')).map(([k, v]) => `${k}: ${v} ms`).join(', ')}`);

  // ---- After the months: every device syncs, from either process.
  const endStarted = Date.now();
  for (const device of devices) if (device.page.offline) device.page.moveTo(pick(device.rng, alive()));
  await Promise.all(devices.map((d) => acknowledge(run, d)));
  const fresh: Page[] = [];
  for (const server of [one, two]) for (const person of [alex, blake, rivera]) fresh.push(new Page(run, `${person.name}'s last page load on ${server.name}`, person, notes.id, server));
  await Promise.all(fresh.map((p) => p.synced().catch((e: Error) => fail(e.message))));
  const notesPages = [...fresh, devices[0]!.page, devices[1]!.page];
  const same = () => notesPages.every((p) => p.text.toString() === notesPages[0]!.text.toString());
  await until(same, 20_000, 'every device showing the same notes').catch(() =>
    fail(`the devices disagree: ${notesPages.map((p) => `${p.who} ${p.text.length} chars`).join(', ')}`),
  );
  const text = fresh[0]!.text.toString();
  const asStored = await storedDoc(run, notes.id);
  if (asStored.getText('t').toString() !== text) fail('the notes as stored differ from what the devices show');
  asStored.destroy();

  // Every acknowledged sentence is there, once; every acknowledged deletion holds.
  const counts = { present: 0, deleted: 0, unknown: 0, typed: 0, deleting: 0 };
  for (const s of sentences.values()) {
    counts[s.state]++;
    const occurrences = text.split(s.id).length - 1;
    if (s.state === 'present' && (!text.includes(s.line) || occurrences !== 1)) fail(`acknowledged sentence ${s.id} (${s.owner}) is ${occurrences === 0 ? 'missing' : `there ${occurrences} times or torn`}`);
    if (s.state === 'deleted' && occurrences !== 0) fail(`sentence ${s.id} (${s.owner}) is back after its deletion was acknowledged`);
  }
  note(`sentences: ${JSON.stringify(counts)}; notes ${text.length} chars, ${lineStarts(text).length - 1} lines`);

  // The agreement: every device and fresh page shows the last version; the stored agreement holds it.
  const last = versions[versions.length - 1]!;
  const agreementPages = [new Page(run, "Alex's last agreement page on one", alex, agreement.id, one), new Page(run, "Blake's last agreement page on two", blake, agreement.id, two), devices[2]!.page];
  await Promise.all(agreementPages.map((p) => p.synced().catch((e: Error) => fail(e.message))));
  for (const page of agreementPages) {
    await until(() => JSON.stringify(readAgreement(page.doc.getXmlFragment(FIELD))) === JSON.stringify(last.items), 10_000, 'the last version').catch(() =>
      fail(`${page.who} does not show version ${last.number}`),
    );
  }
  if (JSON.stringify(itemsOf(await storedState(run, agreement.id))) !== JSON.stringify(last.items)) fail('the stored agreement is not its last version');
  if (versions.length !== 1 + PROPOSAL_DAYS.length) fail(`${versions.length} versions came into force, ${1 + PROPOSAL_DAYS.length} expected`);
  for (const v of versions) {
    const read = await call<AgreementVersionView>(alex.http, one, 'GET', `/api/agreements/${agreement.id}/versions/${v.number}`);
    if (read.status !== 200 || JSON.stringify(read.body.items) !== JSON.stringify(v.items) || read.body.acceptedBy.length !== 2) fail(`version ${v.number} does not read as it came into force`);
  }
  agreementPages.slice(0, 2).forEach((p) => p.destroy());

  // Nothing refused, nobody closed as hostile, nothing quarantined.
  const hostile = closes.filter((c) => refusedForGood(c.code));
  for (const c of hostile) fail(`${c.who} was closed with ${c.code} ${c.reason}`);
  const closeCounts = closes.reduce<Record<number, number>>((acc, c) => ({ ...acc, [c.code]: (acc[c.code] ?? 0) + 1 }), {});
  note(`connections closed by the server or the network, by code: ${JSON.stringify(closeCounts)}`);
  const documentIds: string[] = (await db.query('SELECT id FROM document WHERE workspace_id = $1', [couple.workspace.id])).rows.map((r: { id: string }) => r.id);
  const quarantined = (await db.query('SELECT document_id, source, reason FROM document_quarantine WHERE document_id = ANY($1)', [documentIds])).rows;
  if (quarantined.length > 0) fail(`quarantined: ${JSON.stringify(quarantined)}`);

  // Storage: each document's kept rows and snapshot within the document quota.
  const storage: { document_id: string; kind: string; rows: number; merged: number; update_bytes: string; snapshot_bytes: string }[] = (
    await db.query(
      `SELECT d.id AS document_id, d.kind,
              (SELECT count(*)::int FROM document_update u WHERE u.document_id = d.id) AS rows,
              (SELECT count(*)::int FROM document_update u WHERE u.document_id = d.id AND u.in_snapshot) AS merged,
              (SELECT coalesce(sum(octet_length(u.data)), 0) FROM document_update u WHERE u.document_id = d.id) AS update_bytes,
              (SELECT coalesce(sum(octet_length(s.state)), 0) FROM document_snapshot s WHERE s.document_id = d.id) AS snapshot_bytes
         FROM document d WHERE d.workspace_id = $1`,
      [couple.workspace.id],
    )
  ).rows;
  for (const s of storage) {
    const bytes = Number(s.update_bytes) + Number(s.snapshot_bytes);
    if (bytes > DOCUMENT_QUOTA_BYTES) fail(`document ${s.document_id} (${s.kind}) keeps ${bytes} bytes, over the ${DOCUMENT_QUOTA_BYTES} quota`);
  }
  const workspaceBytes = storage.reduce((n, s) => n + Number(s.update_bytes) + Number(s.snapshot_bytes), 0);
  if (workspaceBytes > WORKSPACE_QUOTA_BYTES) fail(`the workspace keeps ${workspaceBytes} bytes, over the ${WORKSPACE_QUOTA_BYTES} quota`);
  const notesStorage = storage.find((s) => s.document_id === notes.id)!;
  note(
    `notes storage: ${notesStorage.rows} rows (${notesStorage.merged} merged into the snapshot), ${notesStorage.update_bytes} bytes of rows + ${notesStorage.snapshot_bytes} of snapshot; workspace ${storage.reduce((n, s) => n + Number(s.update_bytes) + Number(s.snapshot_bytes), 0)} bytes in ${storage.length} documents`,
  );
  const clients = (await db.query('SELECT count(*)::int AS n FROM document_client WHERE document_id = $1', [notes.id])).rows[0].n;
  note(`notes client ids: ${clients}`);

  // History: paged back to the oldest edit, and that edit, each within a second; the other partner's requests stay fast meanwhile.
  const timed = async <T>(request: Promise<T>) => {
    const t = Date.now();
    const value = await request;
    return { value, ms: Date.now() - t };
  };
  const historyTimes: number[] = [];
  const meTimes: number[] = [];
  const withOtherPerson = async <T>(request: () => Promise<{ status: number; body: T }>, what: string) => {
    const [history, me] = await Promise.all([timed(request()), pause(20).then(() => timed(call(blake.http, one, 'GET', '/api/me')))]);
    historyTimes.push(history.ms);
    meTimes.push(me.ms);
    if (history.value.status !== 200) fail(`${what} answered ${history.value.status}`);
    if (history.ms > 1000) fail(`${what} took ${history.ms} ms`);
    if (me.value.status !== 200 || me.ms > 500) fail(`Blake's /api/me took ${me.ms} ms (${me.value.status}) while Alex read ${what}`);
    return history.value.body;
  };
  type Page30 = { edits: { id: string }[]; nextBefore: string | null };
  let before: string | null = null;
  let oldest: string | null = null;
  let historyPages = 0;
  let editCount = 0;
  do {
    const query: string = before ? `?before=${before}` : '';
    const page: Page30 = await withOtherPerson(() => call<Page30>(alex.http, one, 'GET', `/api/documents/${notes.id}/history${query}`), `history page ${historyPages + 1}`);
    historyPages++;
    editCount += page.edits?.length ?? 0;
    if (page.edits?.length) oldest = page.edits[page.edits.length - 1]!.id;
    before = page.nextBefore ?? null;
  } while (before && historyPages < 200);
  if (!oldest) fail('the history lists no edits');
  else {
    const point = await withOtherPerson(() => call<{ blocks: unknown[] }>(alex.http, one, 'GET', `/api/documents/${notes.id}/history/${oldest}`), 'the oldest edit');
    if (!point?.blocks?.length) fail('the oldest edit shows nothing');
  }
  note(`history: ${editCount} edits in ${historyPages} pages; history requests ${historyTimes.join('/')} ms (max ${Math.max(...historyTimes)}); Blake's /api/me meanwhile max ${Math.max(...meTimes)} ms`);

  devices.forEach((d) => d.page.destroy());
  fresh.forEach((p) => p.destroy());
  note(`page loads: ${JSON.stringify(loads)}; receipts ${JSON.stringify(receipts)}; moved to another process after a SIGKILL: ${run.moves}; receipts asked again after their connection closed: ${run.reasked}`);
  note(`races: ${races.map((r) => `day ${r.day} at ${r.delayMs} ms by ${r.racer}: ${r.outcome}`).join('; ')}`);
  note(`end checks ${Date.now() - endStarted} ms; whole run ${Date.now() - started} ms; seed ${SEED}`);
  // The processes' own word: an error, or a deadlock PostgreSQL broke, is a failure; other warnings (but Redis being away) are reported.
  const lines = servers.flatMap((s) => s.output.split('\n').map((l) => `${s.name}: ${l.replace(ANSI_COLOUR, '').trim()}`));
  const broken = lines.filter((l) => /\bERROR\b/.test(l) || /deadlock/i.test(l));
  for (const l of broken) fail(`server log: ${l}`);
  const warned = lines.filter((l) => /\bWARN\b/.test(l) && !/Redis/.test(l) && !broken.includes(l));
  note(`server log: ${broken.length} errors, ${warned.length} warnings besides Redis being away${warned.length ? `:\n  ${warned.slice(0, 20).join('\n  ')}` : ''}`);
}
