/**
 * Form sessions: a form a module opened for someone, kept server-side (platforms carry only its
 * id), with the module's context (`{ ticketFrom: … }`, the report day). A submission is checked
 * twice: against the form's own rules (core/form.ts `checkFields`), then by the owning module's
 * validator (by form id prefix) — fast enough for a platform's 3-second answer, so a refused value
 * is shown next to its field and what was typed is kept.
 */
import { randomUUID } from 'node:crypto';
import type { FormSessionRow, Repositories } from '../../db/repositories/index.ts';
import type { Clock } from '../core/clock.ts';
import {
  checkFields,
  type FieldErrors,
  type Form,
  type FormValues,
  type RawFormValues,
  withInitial,
} from '../core/form.ts';
import { formWords, isLocale, type Locale, type Translator, translator } from '../core/i18n/index.ts';
import type { FormHost } from '../core/messenger.ts';

export interface FormSession {
  id: string;
  formId: string;
  platform: string;
  workspaceId: number;
  userId: string;
  locale: Locale;
  form: Form;
  context: Record<string, unknown>;
  submittedAt: Date | null;
}

/**
 * A module's check of a submission's meaning (a date range that ends before it starts): field key
 * → reason, or null when the values are fine. Pure and quick: it may read, never write.
 */
export type FormValidator = (
  values: FormValues,
  session: FormSession,
  t: Translator,
) => Promise<FieldErrors | null> | FieldErrors | null;

const DEFAULT_TTL_MS = 24 * 3_600_000;

function toSession(row: FormSessionRow): FormSession {
  return {
    id: row.id,
    formId: row.formId,
    platform: row.platform,
    workspaceId: row.workspaceId,
    userId: row.userId,
    locale: isLocale(row.locale) ? row.locale : 'en',
    form: row.form as unknown as Form,
    context: row.context,
    submittedAt: row.submittedAt,
  };
}

function prefixOf(formId: string): string {
  const i = formId.indexOf('.');
  return i < 0 ? formId : formId.slice(0, i);
}

export class FormSessions implements FormHost {
  private readonly validators = new Map<string, FormValidator>();

  constructor(private readonly deps: { repos: Repositories; clock: Clock }) {}

  /** A module's validator for its forms (`daily` checks `daily.*`). */
  validate(prefix: string, validator: FormValidator): this {
    this.validators.set(prefix, validator);
    return this;
  }

  /** Stores a session (in the running unit of work when there is one) and returns it. */
  async open(input: {
    form: Form;
    platform: string;
    workspaceId: number;
    userId: string;
    locale: Locale;
    context?: Record<string, unknown>;
    ttlMs?: number;
  }): Promise<FormSession> {
    const now = this.deps.clock.now();
    const row = {
      id: randomUUID(),
      formId: input.form.id,
      platform: input.platform,
      workspaceId: input.workspaceId,
      userId: input.userId,
      locale: input.locale,
      form: input.form as unknown as Record<string, unknown>,
      context: input.context ?? {},
      createdAt: now,
      expiresAt: new Date(now.getTime() + (input.ttlMs ?? DEFAULT_TTL_MS)),
    };
    await this.deps.repos.transaction((r) => r.forms.insert(row));
    return toSession({ ...row, submittedAt: null });
  }

  /** The live session, or null when it does not exist or expired. */
  async get(id: string): Promise<FormSession | null> {
    const row = await this.deps.repos.forms.get(id);
    if (!row || row.expiresAt.getTime() < this.deps.clock.now().getTime()) return null;
    return toSession(row);
  }

  async load(sessionId: string): Promise<{ form: Form; locale: string } | null> {
    const s = await this.get(sessionId);
    return s ? { form: s.form, locale: s.locale } : null;
  }

  /** The whole check of a submission: the values, or the refused fields (and the form to show again). */
  async evaluate(
    session: FormSession,
    raw: RawFormValues,
  ): Promise<{ values: FormValues } | { errors: FieldErrors; form: Form }> {
    const t = translator(session.locale);
    const checked = checkFields(session.form, raw, formWords(t));
    if ('errors' in checked) return { errors: checked.errors, form: withInitial(session.form, raw) };
    const validator = this.validators.get(prefixOf(session.formId));
    const errors = validator ? await validator(checked.values, session, t) : null;
    if (errors && Object.keys(errors).length) return { errors, form: withInitial(session.form, raw) };
    return { values: checked.values };
  }

  async check(sessionId: string, raw: RawFormValues) {
    const session = await this.get(sessionId);
    if (!session) return { gone: true as const };
    const result = await this.evaluate(session, raw);
    return 'errors' in result ? result : { ok: true as const };
  }

  /** Marks a session submitted (in the running unit); false when it already was. */
  submitted(id: string): Promise<boolean> {
    return this.deps.repos.transaction((r) => r.forms.submitted(id, this.deps.clock.now()));
  }
}
