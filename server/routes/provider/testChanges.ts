import type { Request } from 'express'
import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { ValidationError, type FieldError } from '../../errors'
import { formatDate, formatDateTime } from '../../utils/dates'
import { flash, keepForm, num, str } from '../forms'
import { dateValuesOf, formErrors, remapped, schemaErrors, takeCaseForm } from '../cases/formErrors'
import { drugTestInput, SUBSTANCES, type DrugTest } from '../../services/progress/providerInput'
import { DuplicateTestError } from '../../services/progress/providerService'
import { TEST_METHODS as METHOD_NAMES, TEST_RESULTS as RESULT_NAMES, substanceName } from '../../content/labels'
import { fieldOnTestForm, parseTestForm, TEST_FIELDS, type TestFormValues } from './providerForms'
import { testFormItems } from './drugTests'

const READERS = ['provider', 'probation', 'clerk', 'admin'] as const
const WRITERS = ['provider', 'probation'] as const
const CORRECT_FIELDS = [...TEST_FIELDS, 'reason'] as const

type TestValues = Pick<DrugTest, 'takenOn' | 'method' | 'results' | 'otherSubstance'>

/** A test in words, one line each: the date, the method and every result. */
export function testLines(t: TestValues): string[] {
  const results = SUBSTANCES.filter(s => t.results[s]).map(
    s => `${s === 'other' ? (t.otherSubstance ?? 'Other') : substanceName(s)}: ${RESULT_NAMES[t.results[s]!]}`,
  )
  return [formatDate(t.takenOn), METHOD_NAMES[t.method], results.join(', ')]
}

/** What the correct form shows first: the test as it stands. */
const formValuesOf = (t: DrugTest): TestFormValues => ({
  takenOn: dateValuesOf(t.takenOn),
  method: t.method,
  results: Object.fromEntries(SUBSTANCES.map(s => [s, t.results[s] ?? ''])),
  otherSubstance: t.otherSubstance ?? '',
  reason: '',
})

const formKey = (kind: 'correct' | 'withdraw', testId: string) => `drug-test-${kind}-${testId}`
const version = (req: Request) => num(str(req.body?.version))

/** One test's page (its history), and correcting or withdrawing it with a reason (its tester only). */
export function testChangeRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const { providers } = services

  route.get('/people/:id/drug-tests/:testId', READERS, async (req, res) => {
    const { person, test, revisions, recordedBy } = await providers.testHistory(
      req.user!,
      req.params.id,
      req.params.testId,
    )
    const mayChange =
      !test.withdrawn && providers.isTester(req.user!, test) && (await providers.canAddTests(req.user!, person.id))
    const after = (i: number): TestValues => revisions[i + 1] ?? test
    render(req, res, 'pages/provider/test', {
      title: `Drug test on ${formatDate(test.takenOn)}`,
      personName: person.name,
      crn: person.crn,
      withdrawn: test.withdrawn ? { reason: test.withdrawn.reason, at: formatDateTime(test.withdrawn.at) } : null,
      corrected: !!test.correctedAt && !test.withdrawn,
      rows: [
        { key: 'Date taken', value: formatDate(test.takenOn) },
        { key: 'Method', value: METHOD_NAMES[test.method] },
        { key: 'Results', value: testLines(test)[2].split(', ') },
        {
          key: 'Recorded',
          value: `${formatDateTime(test.createdAt)}${recordedBy ? ` by ${recordedBy}` : ''}${test.uploadId ? ' (uploaded from a file)' : ''}`,
        },
      ],
      history: revisions.map((r, i) => ({
        title: `${r.kind === 'withdrawn' ? 'Withdrawn' : 'Corrected'} on ${formatDateTime(r.changedAt)}`,
        rows: [
          { key: 'By', value: r.changedByName ?? 'Unknown user' },
          { key: 'Reason', value: r.reason },
          { key: r.kind === 'withdrawn' ? 'The test said' : 'Before', value: testLines(r) },
          ...(r.kind === 'corrected' ? [{ key: 'After', value: testLines(after(i)) }] : []),
        ],
      })),
      correctHref: mayChange ? paths.provider.correctTest(person.id, test.id) : null,
      withdrawHref: mayChange ? paths.provider.withdrawTest(person.id, test.id) : null,
      backHref: paths.provider.tests(person.id),
      summaryAttributes: { 'data-qa': 'test-summary' },
      revisionAttributes: { 'data-qa': 'test-revision' },
    })
  })

  route.get('/people/:id/drug-tests/:testId/correct', WRITERS, async (req, res) => {
    const { person, test } = await providers.changeableTest(req.user!, req.params.id, req.params.testId)
    const form = takeCaseForm(req, formKey('correct', test.id), ['takenOn'])
    const values = (Object.keys(form.values).length ? form.values : formValuesOf(test)) as TestFormValues
    render(req, res, 'pages/provider/test-form', {
      title: 'Correct a drug test',
      intro: `Change what was recorded for the test on ${formatDate(test.takenOn)}. The court will see that it was corrected.`,
      submitText: 'Save correction',
      correcting: true,
      version: test.version,
      personName: person.name,
      crn: person.crn,
      form,
      values,
      duplicateHref: typeof form.values.duplicateHref === 'string' ? form.values.duplicateHref : null,
      ...testFormItems(form, values),
      action: paths.provider.correctTest(person.id, test.id),
      cancelHref: paths.provider.test(person.id, test.id),
    })
  })

  route.post('/people/:id/drug-tests/:testId/correct', WRITERS, async (req, res) => {
    const { id, testId } = req.params
    const { input, values, errors } = parseTestForm(req.body)
    const reason = str(req.body?.reason)
    const toForm = (e: FieldError[]) => formErrors(CORRECT_FIELDS, errors, e, fieldOnTestForm)
    try {
      if (errors.length) {
        await providers.changeableTest(req.user!, id, testId)
        const rest = schemaErrors(drugTestInput, { ...input, takenOn: '2000-01-01' })
        throw new ValidationError(toForm([...rest, ...(reason.trim() ? [] : [reasonMissing])]))
      }
      await providers.correctTest(req.user!, id, testId, { ...input, reason, version: version(req) })
    } catch (err) {
      const duplicateHref = err instanceof DuplicateTestError ? paths.provider.test(id, err.first.id) : null
      keepForm(req, formKey('correct', testId), remapped(err, toForm), { ...values, reason, duplicateHref })
      return res.redirect(303, paths.provider.correctTest(id, testId))
    }
    flash(req, 'Drug test corrected. The court will see it marked as corrected.')
    res.redirect(303, paths.provider.test(id, testId))
  })

  route.get('/people/:id/drug-tests/:testId/withdraw', WRITERS, async (req, res) => {
    const { person, test } = await providers.changeableTest(req.user!, req.params.id, req.params.testId)
    const form = takeCaseForm(req, formKey('withdraw', test.id))
    const lines = testLines(test)
    render(req, res, 'pages/provider/test-withdraw', {
      title: 'Withdraw a drug test',
      personName: person.name,
      crn: person.crn,
      form,
      values: form.values,
      version: test.version,
      rows: [
        { key: 'Date taken', value: lines[0] },
        { key: 'Method', value: lines[1] },
        { key: 'Results', value: lines[2].split(', ') },
      ],
      action: paths.provider.withdrawTest(person.id, test.id),
      cancelHref: paths.provider.test(person.id, test.id),
    })
  })

  route.post('/people/:id/drug-tests/:testId/withdraw', WRITERS, async (req, res) => {
    const { id, testId } = req.params
    const reason = str(req.body?.reason)
    try {
      await providers.withdrawTest(req.user!, id, testId, { reason, version: version(req) })
    } catch (err) {
      keepForm(req, formKey('withdraw', testId), err, { reason })
      return res.redirect(303, paths.provider.withdrawTest(id, testId))
    }
    flash(req, 'Drug test withdrawn. It is no longer in the hearing pack or the charts; its history is kept.')
    res.redirect(303, paths.provider.tests(id))
  })
}

const reasonMissing: FieldError = { field: 'reason', message: 'Enter the reason for the correction' }
