import type { ClientConfigView, DeleteAccountBody } from '@kinship/domain/wire';
import { request } from '../../shared/http';

/** Where the person's own records download from (a zip, streamed by the server). */
export const MY_RECORDS_URL = '/api/me/export.zip';

export function deleteAccount(body: DeleteAccountBody): Promise<void> {
  return request<void>('DELETE', '/me', body, { quietUnauthenticated: true });
}

export function fetchClientConfig(signal?: AbortSignal): Promise<ClientConfigView> {
  return request<ClientConfigView>('GET', '/config', undefined, { quietUnauthenticated: true, signal });
}
