import { CSV_COLUMNS, EXAMPLE_CRN, METHODS, RESULTS, SUBSTANCES } from '../../services/progress/providerService'
import { METHOD_TESTS_ONLY } from '../../services/progress/drugTestRules'
import { TEST_METHODS, TEST_RESULTS, substanceName } from '../../content/labels'

/** What each column of the drug test file takes (the companion page to the template), from labels.ts. */
export function csvCodes() {
  const only = (m: (typeof METHODS)[number]) => METHOD_TESTS_ONLY[m]
  return {
    columnsAttributes: { 'data-qa': 'columns' },
    columns: [
      {
        key: 'crn',
        value: `The person’s CRN, for example X123456. Rows with ${EXAMPLE_CRN} are the template’s examples: delete them.`,
      },
      {
        key: 'taken_on',
        value:
          'The date the sample was taken: 2026-04-07 or 07/04/2026. Not in the future, and not before the order was made.',
      },
      { key: 'method', value: 'How the sample was taken: a code or its words, from the methods below.' },
      ...SUBSTANCES.map(s => ({
        key: s,
        value: `The result for ${substanceName(s).toLowerCase()}: a code or its words, from the results below. Blank if not tested.`,
      })),
      { key: 'other_substance', value: 'The name of the other substance, only when the other column has a result.' },
    ],
    columnCount: CSV_COLUMNS.length,
    codeHead: ['Code', 'Or the words', 'Notes'],
    methods: METHODS.map(m => ({
      code: m,
      words: TEST_METHODS[m],
      note: only(m)
        ? `For ${only(m)!
            .map(s => substanceName(s).toLowerCase())
            .join(', ')} only`
        : '',
    })),
    substances: SUBSTANCES.map(s => ({
      code: s,
      words: substanceName(s),
      note: s === 'alcohol' ? 'Never positive (prescribed)' : '',
    })),
    results: RESULTS.map(r => ({ code: r, words: TEST_RESULTS[r], note: '' })),
  }
}
