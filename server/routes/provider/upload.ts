import type { Request } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { AppError, ValidationError } from '../../errors'
import { formatDate } from '../../utils/dates'
import { flash, keepForm, str } from '../forms'
import { takeCaseForm } from '../cases/formErrors'
import { MAX_UPLOAD_BYTES, type UploadPreview } from '../../services/progress/drugTestCsv'
import { resultTags } from './drugTests'
import { TEST_METHODS as METHOD_NAMES } from '../../content/labels'
import { csvCodes } from './csvCodes'

/**
 * Between preview and confirm the checked rows wait in the session (server-side, in the session table),
 * not in a hidden field: a 2 MB file would not fit the 1 MB form limit, and rows kept on the server
 * cannot be edited in the browser between the check and the store. Confirm checks them all again.
 */
declare module 'express-session' {
  interface SessionData {
    drugTestUpload?: UploadPreview & { filename: string; rejectedCount: number }
  }
}

const WRITERS = ['provider', 'probation'] as const
const FORM_KEY = 'drug-test-upload'
// Enough to see what is wrong with a file; the count says how many more there are.
const SHOWN_REJECTED = 500

function fileText(req: Request): { filename: string; text: string } {
  const file = req.file
  if (!file || file.size === 0) {
    const message = file ? 'The file is empty' : 'Choose a CSV file to upload'
    throw new ValidationError([{ field: 'file', message }], message)
  }
  if (file.size > MAX_UPLOAD_BYTES)
    throw new ValidationError(
      [{ field: 'file', message: 'The file must be 2 MB or smaller' }],
      'The file must be 2 MB or smaller',
    )
  try {
    return { filename: file.originalname, text: new TextDecoder('utf-8', { fatal: true }).decode(file.buffer) }
  } catch {
    const message = 'The file must be a CSV file saved as UTF-8 text'
    throw new ValidationError([{ field: 'file', message }], message)
  }
}

/** Bulk upload of drug tests: choose a file, see every row accepted or rejected with its reason, then confirm or cancel. */
export function uploadRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const { providers } = services

  route.get(paths.provider.template, WRITERS, (_req, res) => {
    res.type('text/csv; charset=utf-8').attachment('drug-tests-template.csv').send(providers.template())
  })

  route.get(paths.provider.codes, WRITERS, (req, res) => {
    render(req, res, 'pages/provider/codes', {
      title: 'Codes for the drug test file',
      ...csvCodes(),
      templateHref: paths.provider.template,
      uploadHref: paths.provider.upload,
    })
  })

  route.get(paths.provider.upload, WRITERS, (req, res) => {
    const preview = req.session.drugTestUpload
    const form = takeCaseForm(req, FORM_KEY)
    if (!preview)
      return render(req, res, 'pages/provider/upload', {
        title: 'Upload drug tests',
        form,
        templateHref: paths.provider.template,
        codesHref: paths.provider.codes,
        action: paths.provider.upload,
      })
    render(req, res, 'pages/provider/upload-preview', {
      title: 'Check the drug tests before you store them',
      form,
      filename: preview.filename,
      token: preview.token,
      acceptedCount: preview.accepted.length,
      rejectedCount: preview.rejectedCount,
      accepted: preview.accepted.map(r => ({
        line: r.line,
        name: r.name,
        crn: r.crn,
        date: formatDate(r.takenOn),
        method: METHOD_NAMES[r.method],
        tags: resultTags(r),
      })),
      rejected: preview.rejected.map(r => ({
        ...r,
        duplicateHref: r.duplicateOf ? paths.provider.test(r.duplicateOf.personId, r.duplicateOf.testId) : null,
      })),
      moreRejected: preview.rejectedCount - preview.rejected.length,
      action: paths.provider.upload,
    })
  })

  route.post(paths.provider.upload, WRITERS, async (req, res) => {
    const action = str(req.body?.action)
    const preview = req.session.drugTestUpload
    if (action === 'cancel') {
      delete req.session.drugTestUpload
      flash(req, 'Upload cancelled. Nothing was stored.')
      return res.redirect(303, paths.provider.upload)
    }
    try {
      if (action === 'confirm') {
        if (!preview || preview.token !== str(req.body?.token))
          throw new AppError(409, 'This preview has already been stored or cancelled. Upload the file again.')
        delete req.session.drugTestUpload
        const { count } = await providers.confirmUpload(req.user!, preview)
        flash(req, `${count} drug ${count === 1 ? 'test' : 'tests'} stored.`, 'Upload complete')
        return res.redirect(303, paths.provider.upload)
      }
      const { filename, text } = fileText(req)
      const checked = await providers.previewUpload(req.user!, text)
      // Rejected rows are kept only as many as the page shows, with their count: the session stays small.
      req.session.drugTestUpload = {
        ...checked,
        rejected: checked.rejected.slice(0, SHOWN_REJECTED),
        rejectedCount: checked.rejected.length,
        filename,
      }
    } catch (err) {
      keepForm(req, FORM_KEY, err, {})
    }
    res.redirect(303, paths.provider.upload)
  })
}
