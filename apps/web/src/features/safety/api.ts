import type {
  CounselorJointWorkView,
  JointWorkView,
  SafetyAlertView,
  SafetyAnswered,
  SafetyMessageView,
  SafetyOverview,
  SafetyView,
  SetJointWorkBody,
  SetSafetyBody,
} from '@kinship/domain/wire';
import { request } from '../../shared/http';

/** The questions and resources, and (a partner's) own answers and thread with the counselor. */
export const fetchSafety = (workspaceId: string, signal?: AbortSignal) => request<SafetyView>('GET', `/workspaces/${workspaceId}/safety`, undefined, { signal });

/** The counselor sets the questions, their risk marks and the practice's safety resources. */
export const setSafety = (workspaceId: string, body: SetSafetyBody) => request<SetSafetyBody>('PUT', `/workspaces/${workspaceId}/safety`, body);

/** A partner's answers, kept; the resources come back when an answer was marked as a risk. */
export const answerSafety = (workspaceId: string, answers: Record<string, number>) => request<SafetyAnswered>('POST', `/workspaces/${workspaceId}/safety/answers`, { answers });

/** A partner writes to the counselor alone; the thread comes back. */
export const writeToCounselor = (workspaceId: string, body: string) => request<SafetyMessageView[]>('POST', `/workspaces/${workspaceId}/safety/messages`, { body });

/** The counselor's overview: each partner's answers and thread, alerts, the pause. */
export const fetchSafetyOverview = (workspaceId: string, signal?: AbortSignal) => request<SafetyOverview>('GET', `/workspaces/${workspaceId}/safety/overview`, undefined, { signal });

export const replyToPartner = (workspaceId: string, partnerId: string, body: string) =>
  request<SafetyMessageView[]>('POST', `/workspaces/${workspaceId}/safety/threads/${partnerId}/messages`, { body });

export const markAlertsSeen = (workspaceId: string, alertIds: string[]) => request<SafetyAlertView[]>('POST', `/workspaces/${workspaceId}/safety/alerts/seen`, { alertIds });

/** Whether joint work is paused: the same for both partners. */
export const fetchJointWork = (workspaceId: string, signal?: AbortSignal) => request<JointWorkView | CounselorJointWorkView>('GET', `/workspaces/${workspaceId}/joint-work`, undefined, { signal });

export const setJointWork = (workspaceId: string, body: SetJointWorkBody) => request<CounselorJointWorkView>('PUT', `/workspaces/${workspaceId}/joint-work`, body);
