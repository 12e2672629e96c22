import type { Response } from 'express'
import type { Services } from '../../services'
import type { DeclareApi } from './declare'
import type { PackDocument } from '../../services/hearing/packService'
import { PdfUnavailableError } from '../../services/hearing/pdfRenderer'
import { sendPackHtml, sendPackPdf } from '../packs/send'
import { sendProblem } from './problem'

const readers = ['clerk', 'sentencer'] as const

async function pdfOr503(res: Response, load: () => Promise<PackDocument>) {
  try {
    await sendPackPdf(res, await load())
  } catch (err) {
    if (!(err instanceof PdfUnavailableError)) throw err
    sendProblem(res, 503, err.message)
  }
}

/** Hearing packs over the API: the same documents as the pages, for the sitting's bench and clerks. */
export function packsApi(api: DeclareApi, services: Services) {
  const { packs } = services

  api(
    {
      method: 'get',
      path: '/sittings/:id/pack',
      access: readers,
      summary: 'A sitting’s hearing pack as printable HTML',
      produces: 'text/html',
    },
    async (req, res) => {
      sendPackHtml(res, await packs.sittingPack(req.user!, req.params.id))
    },
  )

  api(
    {
      method: 'get',
      path: '/sittings/:id/pack.pdf',
      access: readers,
      summary: 'A sitting’s hearing pack as PDF (503 if Chromium is not installed)',
      produces: 'application/pdf',
    },
    async (req, res) => {
      await pdfOr503(res, () => packs.sittingPack(req.user!, req.params.id, { pdf: true }))
    },
  )

  api(
    {
      method: 'get',
      path: '/reviews/:id/pack',
      access: readers,
      summary: 'One case’s hearing pack as printable HTML',
      produces: 'text/html',
    },
    async (req, res) => {
      sendPackHtml(res, await packs.reviewPack(req.user!, req.params.id))
    },
  )

  api(
    {
      method: 'get',
      path: '/reviews/:id/pack.pdf',
      access: readers,
      summary: 'One case’s hearing pack as PDF (503 if Chromium is not installed)',
      produces: 'application/pdf',
    },
    async (req, res) => {
      await pdfOr503(res, () => packs.reviewPack(req.user!, req.params.id, { pdf: true }))
    },
  )
}
