import type { CheckInAnswersTable, CheckInDefinition, CheckInView, MyCheckInAnswers, SetCheckInBody } from '@kinship/domain/wire';
import { request } from '../../shared/http';

/** The check-in as the caller sees it: the questions, this week, one's own answers and what was shared with one. */
export const fetchCheckIn = (workspaceId: string, signal?: AbortSignal) => request<CheckInView>('GET', `/workspaces/${workspaceId}/check-in`, undefined, { signal });

/** The counselor sets the questions and the weekly schedule. */
export const setCheckIn = (workspaceId: string, body: SetCheckInBody) => request<CheckInDefinition>('PUT', `/workspaces/${workspaceId}/check-in`, body);

/** A partner's answers for this week (editable until the week ends). */
export const saveAnswers = (workspaceId: string, answers: Record<string, number>) => request<MyCheckInAnswers>('PUT', `/workspaces/${workspaceId}/check-in/mine`, { answers });

export const shareAnswer = (workspaceId: string, questionId: string) => request<MyCheckInAnswers>('POST', `/workspaces/${workspaceId}/check-in/mine/shares`, { questionId });
export const unshareAnswer = (workspaceId: string, questionId: string) =>
  request<MyCheckInAnswers>('DELETE', `/workspaces/${workspaceId}/check-in/mine/shares/${encodeURIComponent(questionId)}`);

/** The counselor's table of both partners' answers, week by week. */
export const fetchAnswersTable = (workspaceId: string, signal?: AbortSignal) => request<CheckInAnswersTable>('GET', `/workspaces/${workspaceId}/check-in/answers`, undefined, { signal });
