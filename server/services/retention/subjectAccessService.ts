import { zipSync, strToU8 } from 'fflate'
import type { CurrentUser } from '../../roles'
import type { Clock } from '../../utils/clock'
import type { AuditTrail } from '../notify/auditTrail'
import type { CaseRepository } from '../../data/caseRepository'
import type { SubjectAccessRepository, HeldTable, WithheldTable } from '../../data/subjectAccessRepository'
import type { PdfRenderer } from '../hearing/pdfRenderer'
import { ForbiddenError, NotFoundError } from '../../errors'
import { subjectAccessHtml } from './subjectAccessPdf'
import { formatDateTime } from '../../utils/dates'
import type { RetentionSettings } from './retentionRules'

/** What the person must be told with their data (Data Protection Act 2018 s.45(2)(a)-(g)). */
export interface AboutTheData {
  purposes: string
  legalBasis: string
  recipients: string
  origin: string
  rights: string
  retentionYears: RetentionSettings
}

export interface SubjectAccessDocument {
  personId: string
  generatedAt: string
  law: string
  about: AboutTheData
  tables: HeldTable[]
  withheld: WithheldTable[]
  files: { id: string; filename: string; path: string }[]
}

const ABOUT: Omit<AboutTheData, 'retentionYears'> = {
  purposes:
    'To run the reviews of your drug rehabilitation requirement at court (Sentencing Act 2020 Sch 9 paras 19-22): listing hearings, the progress reports and drug test results the court reads, the court’s decisions, and enforcement.',
  legalBasis:
    'Law enforcement processing by a competent authority, including the execution of criminal penalties (Data Protection Act 2018 Part 3, ss.31 and 35); drug test results are sensitive processing, strictly necessary for the court’s review (s.35(5), Sch 8).',
  recipients:
    'The court (clerks, and the magistrates or judge at your reviews), your probation officer, and your treatment provider. Not shared outside them.',
  origin:
    'Your probation officer, your treatment provider and the court staff, who recorded it in this service. Who recorded each item is shown beside it.',
  rights:
    'You may ask for inaccurate information to be corrected (s.46), and for information to be erased or its use restricted (s.47). You may complain to the Information Commissioner (ico.org.uk, 0303 123 1113) and apply to a court (s.167).',
}

/** A file name that is safe in a ZIP: its own name only, no folders, no odd characters. */
const safeName = (name: string) =>
  name
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 100) || 'file'

/**
 * Subject access (DPA 2018 s.45): for an administrator answering a person's request, a ZIP of a readable
 * PDF and machine-readable JSON of every record held about the person, with their documents. Only
 * admins; recorded in the audit log as disclosed (s.62(1)(d)); the PDF is made by the same Chromium as
 * the hearing pack (503 when it is not installed, as the pack PDF).
 */
export function createSubjectAccessService(deps: {
  clock: Clock
  audit: Pick<AuditTrail, 'record' | 'viewed'>
  subjectAccess: SubjectAccessRepository
  cases: Pick<CaseRepository, 'person' | 'scopeFor'>
  retentionYears: () => Promise<RetentionSettings>
  pdf: PdfRenderer
}) {
  const { clock, audit, subjectAccess, cases, pdf } = deps

  /** The JSON document: every table's rows for the person, what is withheld and why, and the files. */
  async function document(
    user: CurrentUser,
    personId: string,
  ): Promise<{ doc: SubjectAccessDocument; files: Map<string, Buffer> }> {
    if (user.role !== 'admin') throw new ForbiddenError('Only an administrator answers a subject access request')
    const person = await cases.person(personId, await cases.scopeFor(user))
    if (!person) throw new NotFoundError('Person not found')
    const held = await subjectAccess.everything(personId)
    const files = new Map<string, Buffer>()
    const listed = held.files.map(f => {
      const path = `documents/${f.id}-${safeName(f.filename)}`
      files.set(path, f.content)
      return { id: f.id, filename: f.filename, path }
    })
    const doc: SubjectAccessDocument = {
      personId,
      generatedAt: clock.now().toISOString(),
      law: 'Data Protection Act 2018 s.45 (right of access by the data subject)',
      about: { ...ABOUT, retentionYears: await deps.retentionYears() },
      tables: held.tables,
      withheld: held.withheld,
      files: listed,
    }
    return { doc, files }
  }

  return {
    /** The ZIP, and a file name with the person's id only (never a name). */
    async exportZip(user: CurrentUser, personId: string): Promise<{ zip: Buffer; filename: string }> {
      const { doc, files } = await document(user, personId)
      const staff = doc.tables
        .flatMap(t => t.rows)
        .flatMap(r =>
          Object.entries(r)
            .filter(([c, v]) => typeof v === 'string' && /(_by|_id|^user_id)$/.test(c))
            .map(([, v]) => v as string),
        )
      const named = await subjectAccess.namesFor(staff)
      const names = new Map(named.names)
      for (const st of named.sittings)
        names.set(st.id, `${st.courtName}, courtroom ${st.courtroom}, ${formatDateTime(st.startsAt)}`)
      // Recorded before the PDF is made: a disclosure asked for is recorded even if Chromium then fails.
      await audit.record(
        {
          userId: user.id,
          role: user.role,
          action: 'export_subject_access',
          personId,
          subjectType: 'person',
          subjectId: personId,
          detail: { tables: doc.tables.map(t => [t.table, t.rows.length]), files: doc.files.length },
        },
        clock.now().toISOString(),
      )
      const pdfBytes = await pdf.render(subjectAccessHtml(doc, names), { headerText: 'OFFICIAL-SENSITIVE' })
      const day = doc.generatedAt.slice(0, 10)
      const entries: Record<string, Uint8Array> = {
        'everything-we-hold.pdf': new Uint8Array(pdfBytes),
        'everything-we-hold.json': strToU8(JSON.stringify(doc, null, 2)),
      }
      for (const [path, content] of files) entries[path] = new Uint8Array(content)
      return { zip: Buffer.from(zipSync(entries)), filename: `subject-access-${personId}-${day}.zip` }
    },
  }
}

export type SubjectAccessService = ReturnType<typeof createSubjectAccessService>
