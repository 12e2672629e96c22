import express from 'express'
import Handlebars from 'handlebars'

// The anchor: a bare Express 5 + handlebars page of about a signed-in page's size (a GOV.UK-style
// layout with a header, a navigation, a 20-row table and a footer), in its own process, with no
// session, database, logging or security headers. What this machine can serve with the same
// framework and template engine; every page's throughput is given as a ratio to it.

const layout = Handlebars.compile(`<!DOCTYPE html>
<html lang="en" class="govuk-template">
  <head>
    <meta charset="utf-8">
    <title>{{title}} – {{serviceName}}</title>
    <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
    <link rel="stylesheet" href="/assets/govuk/govuk-frontend.min.css">
    <link rel="stylesheet" href="/assets/app.css">
  </head>
  <body class="govuk-template__body">
    <a href="#main-content" class="govuk-skip-link">Skip to main content</a>
    <header class="govuk-template__header">
      <div class="govuk-generic-header"><div class="govuk-width-container">
        <a href="/" class="govuk-generic-header__homepage-link">HM Courts and Tribunals</a>
      </div></div>
      <nav aria-label="Menu" class="govuk-service-navigation__wrapper"><ul class="govuk-service-navigation__list">
        {{#each nav}}<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{href}}">{{text}}</a></li>{{/each}}
      </ul></nav>
    </header>
    <div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">{{{body}}}</main></div>
    <footer class="govuk-footer"><div class="govuk-width-container"><ul class="govuk-footer__inline-list">
      {{#each footer}}<li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="{{href}}">{{text}}</a></li>{{/each}}
    </ul></div></footer>
  </body>
</html>`)

const page = Handlebars.compile(`<h1 class="govuk-heading-l">{{title}}</h1>
<table class="govuk-table">
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Time</th><th scope="col" class="govuk-table__header">Name</th>
    <th scope="col" class="govuk-table__header">Case</th><th scope="col" class="govuk-table__header">Report</th>
    <th scope="col" class="govuk-table__header">Review</th>
  </tr></thead>
  <tbody class="govuk-table__body">
    {{#each rows}}<tr class="govuk-table__row">
      <td class="govuk-table__cell">{{time}}</td><td class="govuk-table__cell"><a class="govuk-link" href="/cases/{{id}}">{{name}}</a></td>
      <td class="govuk-table__cell">{{reference}}</td><td class="govuk-table__cell">{{#if report}}<strong class="govuk-tag govuk-tag--green">Received</strong>{{else}}<strong class="govuk-tag govuk-tag--grey">Not received</strong>{{/if}}</td>
      <td class="govuk-table__cell">Review {{sequence}} of 12</td>
    </tr>{{/each}}
  </tbody>
</table>`)

const rows = Array.from({ length: 20 }, (_, i) => ({
  id: `case-${i}`,
  time: `10:${String(i * 3).padStart(2, '0')}`,
  name: `Person ${i + 1}`,
  reference: `T2027${String(1000 + i)}`,
  report: i % 3 !== 0,
  sequence: (i % 12) + 1,
}))
const nav = ['Calendar', 'Court lists', 'Needs listing', 'People', 'Warrants', 'Account'].map(text => ({
  text,
  href: `/${text.toLowerCase().replace(/ /g, '-')}`,
}))
const footer = ['Accessibility', 'Cookies', 'Privacy'].map(text => ({ text, href: `/${text.toLowerCase()}` }))

const app = express()
app.get('/page', (_req, res) => {
  const title = 'Court list'
  res
    .type('html')
    .send(
      layout({ title, serviceName: 'Manage drug rehabilitation reviews', nav, footer, body: page({ title, rows }) }),
    )
})
const server = app.listen(0, '127.0.0.1', () => process.send?.({ ready: (server.address() as { port: number }).port }))
server.keepAliveTimeout = 10 * 60 * 1000
const stop = () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('disconnect', stop)
