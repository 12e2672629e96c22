import type { Clock } from '../../utils/clock'
import type { MfaRepository } from '../../data/mfaRepository'
import type { UserRow } from '../../data/userRepository'
import type { UnitOfWork } from '../../data/unitOfWork'
import type { AuditTrail } from '../notify/auditTrail'
import type { CurrentUser } from '../../roles'
import { AppError, RuleError, ValidationError } from '../../errors'
import { newId } from '../../utils/ids'
import {
  createSecretBox,
  enrolment,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  stepOfCode,
} from './totp'

export const ENTER_CODE = 'Enter the 6-digit code from your authenticator app'
export const WRONG_CODE =
  'The code is not right. Check the time on your phone is set automatically, then enter the code shown now'

/**
 * Two-step verification for every role (OWASP ASVS 5.0 6.3.3, 6.5): a TOTP authenticator app with
 * ten one-time recovery codes. Setting it up, using a recovery code, new codes and turning it off are
 * audited, and the owner is emailed (see notify/accountNotices.ts).
 */
export function createMfaService(deps: {
  mfa: MfaRepository
  uow: Pick<UnitOfWork, 'run'>
  audit: AuditTrail
  clock: Clock
  sessionSecret: string
  required: boolean
}) {
  const { mfa, uow, audit, clock, required } = deps
  const box = createSecretBox(deps.sessionSecret)
  const now = () => clock.now().toISOString()

  const opens = (sealed: string) => {
    try {
      box.open(sealed)
      return true
    } catch {
      return false
    }
  }

  /** The step of a right, unused TOTP code; the step is taken so the code works once. */
  async function takeTotp(userId: string, sealed: string, code: string): Promise<boolean> {
    const step = stepOfCode(box.open(sealed), code, clock.now().getTime())
    return step !== null && (await mfa.useStep(userId, step))
  }

  async function issueCodes(write: (hashes: string[]) => Promise<void>): Promise<string[]> {
    const codes = newRecoveryCodes()
    await write(codes.map(hashRecoveryCode))
    return codes
  }

  /** A right code for a user who has it on: `code` is a TOTP or a recovery code (used up). */
  async function verify(user: Pick<UserRow, 'id'>, code: string, ip: string): Promise<boolean> {
    const state = await mfa.state(user.id)
    if (!state?.enabledAt || !state.encryptedSecret) return false
    if (looksLikeRecoveryCode(code)) {
      const used = await mfa.useRecoveryCode(user.id, hashRecoveryCode(code), now())
      if (used)
        await audit.record(
          { userId: user.id, action: 'mfa_recovery_code_used', subjectType: 'user', subjectId: user.id, ip },
          now(),
        )
      return used
    }
    return takeTotp(user.id, state.encryptedSecret, code)
  }

  /** A TOTP code the signed-in user gives to confirm a change; refused with the field named. */
  async function confirmWithCode(user: CurrentUser, code: string): Promise<void> {
    if (!code.trim()) throw new ValidationError([{ field: 'code', message: ENTER_CODE }])
    const state = await mfa.state(user.id)
    if (!state?.enabledAt || !state.encryptedSecret || !(await takeTotp(user.id, state.encryptedSecret, code)))
      throw new AppError(400, WRONG_CODE, [{ field: 'code', message: WRONG_CODE }])
  }

  return {
    required,
    verify,

    async status(user: CurrentUser) {
      const state = await mfa.state(user.id)
      const enabled = Boolean(state?.enabledAt)
      return {
        enabled,
        enabledAt: state?.enabledAt ?? null,
        recoveryCodesLeft: enabled ? await mfa.recoveryCodesLeft(user.id) : 0,
        required,
      }
    },

    /**
     * The secret to scan, sealed for the caller to keep until a code confirms it (nothing is stored
     * yet: reading the page changes nothing). A secret already waiting (`pending`) is shown again, so
     * reloading the page does not break a scan just made.
     */
    async startSetUp(user: CurrentUser, pending?: string | null) {
      const state = await mfa.state(user.id)
      if (state?.enabledAt) throw new RuleError('Two-step verification is already set up')
      const sealed = pending && opens(pending) ? pending : box.seal(newTotpSecret())
      return { sealed, ...(await enrolment(box.open(sealed), user.email)) }
    },

    /** The first code confirms the app has the secret: it is on, and the recovery codes are shown once. */
    async confirmSetUp(user: CurrentUser, sealed: string | null | undefined, code: string, ip: string) {
      if (!sealed || !opens(sealed)) throw new RuleError('Start setting up two-step verification again')
      if (!code.trim()) throw new ValidationError([{ field: 'code', message: ENTER_CODE }])
      const step = stepOfCode(box.open(sealed), code, clock.now().getTime())
      if (step === null) throw new AppError(400, WRONG_CODE, [{ field: 'code', message: WRONG_CODE }])
      return uow.run(trx =>
        issueCodes(async hashes => {
          const on = await mfa.enable(
            user.id,
            { encryptedSecret: sealed, at: now(), step, codeHashes: hashes },
            newId,
            trx,
          )
          if (!on) throw new RuleError('Two-step verification is already set up')
          await audit.record(
            { userId: user.id, action: 'mfa_enabled', subjectType: 'user', subjectId: user.id, ip },
            now(),
            trx,
          )
        }),
      )
    },

    /** Ten new recovery codes in place of the old, confirmed with a code from the app. */
    async newRecoveryCodes(user: CurrentUser, code: string, ip: string): Promise<string[]> {
      await confirmWithCode(user, code)
      return uow.run(trx =>
        issueCodes(async hashes => {
          await mfa.replaceRecoveryCodes(user.id, now(), hashes, newId, trx)
          await audit.record(
            { userId: user.id, action: 'mfa_recovery_codes_replaced', subjectType: 'user', subjectId: user.id, ip },
            now(),
            trx,
          )
        }),
      )
    },

    /** The user's own "turn off", only where it is not required, confirmed with a code. */
    async turnOff(user: CurrentUser, code: string, ip: string): Promise<void> {
      if (required) throw new RuleError('Two-step verification is required for every account on this service')
      await confirmWithCode(user, code)
      await uow.run(async trx => {
        await mfa.clear(user.id, trx)
        await audit.record(
          { userId: user.id, action: 'mfa_disabled', subjectType: 'user', subjectId: user.id, ip },
          now(),
          trx,
        )
      })
    },

    /** An administrator's reset (a lost phone): off, secret and codes forgotten. Sessions end elsewhere. */
    async clear(userId: string, trx?: Parameters<MfaRepository['clear']>[1]): Promise<void> {
      await mfa.clear(userId, trx)
    },
  }
}

export type MfaService = ReturnType<typeof createMfaService>
