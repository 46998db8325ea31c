import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import type { ApiErrorBody, ErrorCode } from '@kinship/domain/wire';
import { DomainError, HTTP_STATUS } from './domain-error';

const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: 'invalid',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  410: 'gone',
  413: 'invalid',
  429: 'too_many',
};

/** The one mapping from thrown errors to JSON error bodies. Never sends a stack trace. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(error);
    if (body.statusCode >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    response.status(body.statusCode).json(body);
  }

  private toBody(error: unknown): ApiErrorBody {
    if (error instanceof DomainError) {
      const statusCode = HTTP_STATUS[error.code];
      return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message: error.message, code: error.code, ...(error.field ? { field: error.field } : {}) };
    }
    if (error instanceof HttpException) {
      const statusCode = error.getStatus();
      const raw = error.getResponse();
      const message =
        typeof raw === 'string' ? raw : typeof (raw as { message?: unknown }).message === 'string' ? (raw as { message: string }).message : error.message;
      return {
        statusCode,
        error: STATUS_CODES[statusCode] ?? 'Error',
        message:
          statusCode === 404
            ? 'No such route'
            : statusCode === 429
              ? 'Too many attempts; please wait a minute and try again'
              : message,
        code: CODE_FOR_STATUS[statusCode] ?? 'invalid',
      };
    }
    // Body-parser errors other than bad JSON (a body too large) carry a status of their own.
    const status = (error as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = status === 413 ? 'The request body is too large' : 'The request body could not be read';
      return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, code: CODE_FOR_STATUS[status] ?? 'invalid' };
    }
    const statusCode = HttpStatus.INTERNAL_SERVER_ERROR;
    return { statusCode, error: 'Internal Server Error', message: 'Something went wrong on our side', code: 'invalid' };
  }
}
