import type { Socket } from 'socket.io';
import type { Role } from '@kinship/domain/rules';
import type { LiveClientEventMap, LiveClientEventName, LiveServerEvents } from '@kinship/domain/wire';

/** What one tab says about itself in a workspace it watches: its role there, and where it is. */
export interface Watch {
  role: Role;
  documentId: string | null;
  activity: 'active' | 'idle';
  at: number;
}

/** What the door knows of a socket: whose it is, the login it lives on, the workspaces it watches. */
export interface DoorSocketData {
  accountId: string;
  name: string;
  /** The login (hash of its token) this socket lives on: a logout names it. */
  loginHash: string;
  watching: Record<string, Watch>;
}

/** Between API processes, through the Redis adapter: a feature's word to its peers. */
export interface InterServerEvents {
  'door:message': (message: ProcessMessage) => void;
}

/** A feature's word to the other processes: its topic, and what it says (the feature reads it back). */
export interface ProcessMessage {
  topic: string;
  body: unknown;
}

export type DoorSocket = Socket<LiveClientEventMap, LiveServerEvents, InterServerEvents, DoorSocketData>;

/** Who a message goes to: every socket of a person, of a login, or watching a workspace (all, one role, one account). */
export type Audience = { person: string } | { login: string } | { workspace: string; role?: Role; account?: string };

/** The rooms behind each audience (the names every process shares). */
export function roomOf(audience: Audience): string {
  if ('person' in audience) return `account:${audience.person}`;
  if ('login' in audience) return `login:${audience.login}`;
  if (audience.role) return `w:${audience.workspace}:${audience.role}`;
  if (audience.account) return `w:${audience.workspace}:a:${audience.account}`;
  return `w:${audience.workspace}`;
}

/** Carries out one client event, already read through its schema (`message`); throws a LiveRefusal to refuse it. */
export type Handler = (socket: DoorSocket, event: LiveClientEventName, message: unknown) => Promise<void>;

/** A feature's part in every socket's life on the door; each is optional. */
export interface LiveDoorHooks {
  /**
   * An event carried out at once, never counted against the socket's limit nor queued behind its
   * other events: decided from memory, before any database read. Null: counted as usual.
   */
  exempt?: (socket: DoorSocket, event: string, payload: unknown) => (() => Promise<void>) | null;
  /** Of these (account, workspace) pairs, which are still members: the others' sockets leave the workspace. */
  stillMembers?: (pairs: { accountId: string; workspaceId: string }[]) => Promise<(accountId: string, workspaceId: string) => boolean>;
  /** These sockets of this process left the workspace (their membership ended); maybe none. */
  left?: (workspaceId: string, sockets: DoorSocket[]) => Promise<void>;
  /** A socket closed (its `watching` still says where it was). */
  disconnected?: (socket: DoorSocket) => void;
  /** After the door's own sweep, every 2 s. */
  sweep?: () => Promise<void>;
}
