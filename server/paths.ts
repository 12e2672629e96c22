import type { Role } from './roles'

// Every URL the app links to is built here; no hand-written URLs in routes or views.
export const paths = {
  home: '/',
  health: '/health',
  signIn: '/sign-in',
  signOut: '/sign-out',
  /** The second step of signing in: a code from the authenticator app, or a recovery code. */
  signInCode: '/sign-in/code',
  changePassword: '/account/password',
  account: '/account',
  /** The footer's pages, open to anyone. */
  accessibility: '/accessibility-statement',
  privacy: '/privacy-notice',
  cookies: '/cookies',
  accountCalendarFeed: '/account/calendar-feed',
  accountCalendarFeedRevoke: '/account/calendar-feed/revoke',
  accountDigest: '/account/digest',
  accountTokenRevoke: '/account/tokens/revoke',
  mfa: {
    show: '/account/two-step',
    setUp: '/account/two-step/set-up',
    recoveryCodes: '/account/two-step/recovery-codes',
    turnOff: '/account/two-step/turn-off',
  },
  calendarFeed: (token: string) => `/calendar-feed/${token}.ics`,
  calendar: '/calendar',
  caseload: '/caseload',
  clients: '/clients',
  mySittings: '/my-sittings',
  people: {
    search: '/people',
    new: '/people/new',
    show: (id: string) => `/people/${id}`,
    edit: (id: string) => `/people/${id}/edit`,
    newOrder: (id: string) => `/people/${id}/orders/new`,
    checkOrder: (id: string) => `/people/${id}/orders/check`,
    audit: (id: string) => `/people/${id}/audit`,
    accessNeeds: (id: string) => `/people/${id}/access-needs`,
  },
  orders: {
    psr: (id: string) => `/orders/${id}/psr`,
  },
  documents: {
    show: (id: string) => `/documents/${id}`,
  },
  sittings: {
    calendar: '/calendar',
    week: '/calendar/week',
    new: '/sittings/new',
    newSeries: '/sittings/new-series',
    show: (id: string) => `/sittings/${id}`,
    print: (id: string) => `/sittings/${id}/print`,
    edit: (id: string) => `/sittings/${id}/edit`,
    cancel: (id: string) => `/sittings/${id}/cancel`,
  },
  reports: {
    edit: (reviewId: string) => `/reviews/${reviewId}/report`,
    show: (reviewId: string) => `/reviews/${reviewId}/report/view`,
    check: (reviewId: string) => `/reviews/${reviewId}/report/check`,
    missing: '/reports/missing',
    chase: (reviewId: string) => `/reviews/${reviewId}/report/chase`,
  },
  provider: {
    update: (reviewId: string) => `/reviews/${reviewId}/provider-update`,
    newTest: (personId: string) => `/people/${personId}/drug-tests/new`,
    tests: (personId: string) => `/people/${personId}/drug-tests`,
    test: (personId: string, testId: string) => `/people/${personId}/drug-tests/${testId}`,
    correctTest: (personId: string, testId: string) => `/people/${personId}/drug-tests/${testId}/correct`,
    withdrawTest: (personId: string, testId: string) => `/people/${personId}/drug-tests/${testId}/withdraw`,
    upload: '/drug-tests/upload',
    template: '/drug-tests/template.csv',
    codes: '/drug-tests/codes',
  },
  notes: {
    list: (personId: string) => `/people/${personId}/notes`,
  },
  packs: {
    sitting: (sittingId: string) => `/sittings/${sittingId}/pack`,
    sittingPdf: (sittingId: string) => `/sittings/${sittingId}/pack.pdf`,
    issue: (sittingId: string) => `/sittings/${sittingId}/pack/issue`,
    review: (reviewId: string) => `/reviews/${reviewId}/pack`,
    reviewPdf: (reviewId: string) => `/reviews/${reviewId}/pack.pdf`,
  },
  outcomes: {
    record: (reviewId: string) => `/reviews/${reviewId}/outcome`,
    edit: (reviewId: string) => `/reviews/${reviewId}/outcome/edit`,
    check: (reviewId: string) => `/reviews/${reviewId}/outcome/check`,
  },
  sentencer: {
    paperReviews: '/paper-reviews',
    paperReview: (reviewId: string) => `/paper-reviews/${reviewId}`,
    benchNotes: (reviewId: string) => `/reviews/${reviewId}/bench-notes`,
  },
  reviews: {
    needsListing: '/needs-listing',
    move: (id: string) => `/reviews/${id}/move`,
    adjourn: (id: string) => `/reviews/${id}/adjourn`,
    vacate: (id: string) => `/reviews/${id}/vacate`,
    undo: '/reviews/undo',
    nonAttendance: (id: string) => `/reviews/${id}/non-attendance`,
    attendanceMode: (id: string) => `/reviews/${id}/attendance-mode`,
    interpreter: (id: string) => `/reviews/${id}/interpreter`,
  },
  statements: {
    record: (reviewId: string) => `/reviews/${reviewId}/statement`,
  },
  insights: {
    index: '/insights',
    court: (courtId: string) => `/insights/courts/${courtId}`,
  },
  warrants: {
    list: '/warrants',
    execute: (id: string) => `/warrants/${id}/executed`,
    withdraw: (id: string) => `/warrants/${id}/withdraw`,
  },
  breaches: {
    lay: (requirementId: string) => `/requirements/${requirementId}/breaches/new`,
    outcome: (id: string) => `/breaches/${id}/outcome`,
  },
  applications: {
    make: (requirementId: string) => `/requirements/${requirementId}/applications/new`,
    decision: (id: string) => `/applications/${id}/decision`,
  },
  admin: {
    users: '/admin/users',
    newUser: '/admin/users/new',
    user: (id: string) => `/admin/users/${id}`,
    editUser: (id: string) => `/admin/users/${id}/edit`,
    disableUser: (id: string) => `/admin/users/${id}/disable`,
    enableUser: (id: string) => `/admin/users/${id}/enable`,
    resetPassword: (id: string) => `/admin/users/${id}/reset-password`,
    revokeTokens: (id: string) => `/admin/users/${id}/revoke-tokens`,
    resetMfa: (id: string) => `/admin/users/${id}/reset-two-step`,
    organisations: '/admin/organisations',
    newOrganisation: '/admin/organisations/new',
    editOrganisation: (id: string) => `/admin/organisations/${id}/edit`,
    courts: '/admin/courts',
    newCourt: '/admin/courts/new',
    editCourt: (id: string) => `/admin/courts/${id}/edit`,
    audit: '/admin/audit',
    auditCsv: '/admin/audit.csv',
    bankHolidays: '/admin/bank-holidays',
    mail: '/admin/mail',
    failedMail: '/admin/mail/failed',
    mailMessage: (id: string) => `/admin/mail/${id}`,
    resendMail: (id: string) => `/admin/mail/${id}/resend`,
  },
  /** Retention and subject access (issue 23; DPA 2018 ss.39, 45, 47): administrators only. */
  retention: {
    due: '/admin/retention',
    settings: '/admin/retention/settings',
    person: (personId: string) => `/admin/retention/people/${personId}`,
    placeHold: (personId: string) => `/admin/retention/people/${personId}/hold`,
    liftHold: (personId: string) => `/admin/retention/people/${personId}/hold/lift`,
    subjectAccess: (personId: string) => `/people/${personId}/subject-access.zip`,
  },
  api: {
    openapi: '/api/openapi.json',
    base: '/api/v1',
  },
}

export const HOME_BY_ROLE: Record<Role, string> = {
  clerk: paths.calendar,
  probation: paths.caseload,
  provider: paths.clients,
  sentencer: paths.mySittings,
  admin: paths.admin.users,
}

export interface NavItem {
  text: string
  href: string
}

export const NAVIGATION: Record<Role, NavItem[]> = {
  clerk: [
    { text: 'Court calendar', href: paths.calendar },
    { text: 'Needs listing', href: paths.reviews.needsListing },
    { text: 'Missing reports', href: paths.reports.missing },
    { text: 'Warrants', href: paths.warrants.list },
    { text: 'People', href: paths.people.search },
    { text: 'Insight', href: paths.insights.index },
  ],
  probation: [
    { text: 'My caseload', href: paths.caseload },
    { text: 'People', href: paths.people.search },
  ],
  provider: [
    { text: 'My clients', href: paths.clients },
    { text: 'People', href: paths.people.search },
  ],
  sentencer: [
    { text: 'My sittings', href: paths.mySittings },
    { text: 'Paper reviews', href: paths.sentencer.paperReviews },
    { text: 'Insight', href: paths.insights.index },
  ],
  admin: [
    { text: 'Users', href: paths.admin.users },
    { text: 'Organisations', href: paths.admin.organisations },
    { text: 'Courts', href: paths.admin.courts },
    { text: 'Bank holidays', href: paths.admin.bankHolidays },
    { text: 'Mail', href: paths.admin.mail },
    { text: 'Audit log', href: paths.admin.audit },
    { text: 'Retention', href: paths.retention.due },
    { text: 'Insight', href: paths.insights.index },
  ],
}
