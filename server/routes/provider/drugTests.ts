import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { ValidationError, type FieldError } from '../../errors'
import { formatDate } from '../../utils/dates'
import { flash, keepForm } from '../forms'
import { formErrors, remapped, schemaErrors, takeCaseForm } from '../cases/formErrors'
import { drugTestInput, METHODS, RESULTS, SUBSTANCES, type DrugTest } from '../../services/progress/providerInput'
import { DuplicateTestError } from '../../services/progress/providerService'
import { TEST_METHODS as METHOD_NAMES, TEST_RESULTS as RESULT_NAMES, substanceName } from '../../content/labels'
import { fieldOnTestForm, parseTestForm, TEST_FIELDS, type TestFormValues } from './providerForms'

const READERS = ['provider', 'probation', 'clerk', 'admin'] as const
const WRITERS = ['provider', 'probation'] as const

const RESULT_COLOURS: Record<string, string> = {
  negative: 'green',
  positive: 'red',
  positive_prescribed: 'yellow',
  refused: 'orange',
  missed: 'orange',
  tampered: 'red',
}

/** One tag per substance tested, e.g. "Cocaine: Positive"; "other" carries the name given. */
export const resultTags = (t: Pick<DrugTest, 'results' | 'otherSubstance'>) =>
  SUBSTANCES.filter(s => t.results[s]).map(s => ({
    text: `${s === 'other' ? (t.otherSubstance ?? 'Other') : substanceName(s)}: ${RESULT_NAMES[t.results[s]!]}`,
    colour: RESULT_COLOURS[t.results[s]!],
  }))

/** The test form's choices: methods, and a result list per substance with what was chosen. */
export const testFormItems = (form: { errors: Record<string, string> }, values: Partial<TestFormValues>) => ({
  methodItems: METHODS.map(m => ({
    value: m,
    text: METHOD_NAMES[m],
    hint: m === 'breath' ? 'For alcohol only' : undefined,
  })),
  resultItems: [{ value: '', text: 'Not tested' }, ...RESULTS.map(r => ({ value: r, text: RESULT_NAMES[r] }))],
  substanceFields: SUBSTANCES.map(s => ({
    name: `results[${s}]`,
    id: `results-${s}`,
    label: substanceName(s),
    selected: values.results?.[s] ?? '',
    error: form.errors[`results.${s}`],
  })),
})

/** A person's drug tests: the list (and a CSV of it) for everyone who holds the case; adding for provider and probation. */
export function drugTestRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const { providers } = services

  route.get('/people/:id/drug-tests', READERS, async (req, res) => {
    const { person, tests } = await providers.tests(req.user!, req.params.id)
    const writer = await providers.canAddTests(req.user!, person.id)
    render(req, res, 'pages/provider/tests', {
      title: `Drug tests: ${person.name}`,
      personName: person.name,
      crn: person.crn,
      addHref: writer ? paths.provider.newTest(person.id) : null,
      csvHref: `${paths.provider.tests(person.id)}.csv`,
      testHead: ['Date taken', 'Method', 'Results', 'Actions'],
      tests: tests.map(t => {
        const mayChange = writer && !t.withdrawn && providers.isTester(req.user!, t)
        return {
          date: formatDate(t.takenOn),
          method: METHOD_NAMES[t.method],
          tags: t.withdrawn ? [] : resultTags(t),
          uploaded: t.uploadId !== null,
          corrected: t.correctedAt !== null && !t.withdrawn,
          withdrawn: t.withdrawn !== null,
          historyHref: paths.provider.test(person.id, t.id),
          correctHref: mayChange ? paths.provider.correctTest(person.id, t.id) : null,
          withdrawHref: mayChange ? paths.provider.withdrawTest(person.id, t.id) : null,
        }
      }),
    })
  })

  route.get('/people/:id/drug-tests.csv', READERS, async (req, res) => {
    const { person, csv } = await providers.exportCsv(req.user!, req.params.id)
    res
      .type('text/csv; charset=utf-8')
      .attachment(`drug-tests-${person.crn.replace(/[^A-Za-z0-9]/g, '')}.csv`)
      .send(csv)
  })

  route.get('/people/:id/drug-tests/new', WRITERS, async (req, res) => {
    const person = await providers.person(req.user!, req.params.id, true)
    const form = takeCaseForm(req, `drug-test-${person.id}`, ['takenOn'])
    const values = (Object.keys(form.values).length ? form.values : {}) as Partial<TestFormValues>
    render(req, res, 'pages/provider/test-form', {
      title: 'Add a drug test',
      submitText: 'Save test',
      personName: person.name,
      crn: person.crn,
      form,
      values,
      duplicateHref: typeof form.values.duplicateHref === 'string' ? form.values.duplicateHref : null,
      ...testFormItems(form, values),
      action: paths.provider.tests(person.id),
      cancelHref: paths.provider.tests(person.id),
    })
  })

  route.post('/people/:id/drug-tests', WRITERS, async (req, res) => {
    const { input, values, errors } = parseTestForm(req.body)
    const toForm = (e: FieldError[]) => formErrors(TEST_FIELDS, errors, e, fieldOnTestForm)
    try {
      if (errors.length) {
        // The date boxes could not be read: check the rest too, so every problem is shown at once.
        await providers.person(req.user!, req.params.id, true)
        throw new ValidationError(toForm(schemaErrors(drugTestInput, { ...input, takenOn: '2000-01-01' })))
      }
      await providers.addTest(req.user!, req.params.id, input)
    } catch (err) {
      const duplicateHref = err instanceof DuplicateTestError ? paths.provider.test(req.params.id, err.first.id) : null
      keepForm(req, `drug-test-${req.params.id}`, remapped(err, toForm), { ...values, duplicateHref })
      return res.redirect(303, paths.provider.newTest(req.params.id))
    }
    flash(req, 'Drug test added.')
    res.redirect(303, paths.provider.tests(req.params.id))
  })
}
