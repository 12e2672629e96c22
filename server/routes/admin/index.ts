import type { Services } from '../../services'
import type { RouteDeclarer } from '../../middleware/routeTable'
import type { Render } from '../render'
import { paths } from '../../paths'
import { ROLES, ROLE_NAMES } from '../../roles'
import { flash, keepForm, num, str, takeForm } from '../forms'
import { parseUserForm } from './userForm'
import { ConflictError } from '../../errors'
import { COURT_KINDS } from '../../content/labels'
import { COURT_ROLES } from '../../services/userService'

const COURT_KIND_ITEMS = Object.entries(COURT_KINDS).map(([value, text]) => ({ value, text }))

export function adminRoutes(route: RouteDeclarer, services: Services, render: Render) {
  const admin = ['admin'] as const
  const roleItems = ROLES.map(r => ({ value: r, text: ROLE_NAMES[r] }))
  const kindItems = [
    { value: 'probation', text: 'Probation' },
    { value: 'provider', text: 'Treatment provider' },
  ]

  async function userFormContext(values: Record<string, unknown>) {
    const [organisations, courts] = await Promise.all([services.reference.organisations(), services.reference.courts()])
    return {
      roleItems,
      organisationItems: [
        { value: '', text: 'None (court and admin users)' },
        ...organisations.map(o => ({ value: o.id, text: `${o.name} (${o.kind})` })),
      ],
      courtItems: courts.map(c => ({ value: c.id, text: `${c.name} (${c.code})` })),
      values,
    }
  }

  route.get(paths.admin.users, admin, async (req, res) => {
    const users = await services.users.list({ includeDisabled: true })
    render(req, res, 'pages/admin/users', { title: 'Users', users })
  })

  route.get(paths.admin.newUser, admin, async (req, res) => {
    const form = takeForm(req, 'user')
    render(req, res, 'pages/admin/user-form', {
      title: 'Add a user',
      form,
      action: paths.admin.newUser,
      ...(await userFormContext(form.values)),
    })
  })

  route.post(paths.admin.newUser, admin, async (req, res) => {
    const values = parseUserForm(req.body)
    try {
      const { user, temporaryPassword } = await services.users.create(req.user!, values)
      render(req, res, 'pages/admin/temporary-password', { title: 'User added', user, temporaryPassword })
    } catch (err) {
      keepForm(req, 'user', err, values)
      res.redirect(303, paths.admin.newUser)
    }
  })

  route.get('/admin/users/:id', admin, async (req, res) => {
    const user = await services.users.get(req.params.id)
    const [tokens, courts] = await Promise.all([services.auth.tokensFor(user.id), services.reference.courts()])
    render(req, res, 'pages/admin/user', {
      title: user.name,
      shown: user,
      tokens,
      isSelf: user.id === req.user!.id,
      courtNames: courts.filter(c => user.courtIds.includes(c.id)).map(c => c.name),
      worksAtCourts: COURT_ROLES.includes(user.role),
    })
  })

  route.get('/admin/users/:id/edit', admin, async (req, res) => {
    const user = await services.users.get(req.params.id)
    const form = takeForm(req, `user-${user.id}`)
    const values = Object.keys(form.values).length ? form.values : { ...user, version: user.version }
    render(req, res, 'pages/admin/user-form', {
      title: `Change ${user.name}`,
      form,
      action: paths.admin.editUser(user.id),
      editing: user,
      ...(await userFormContext(values)),
    })
  })

  route.post('/admin/users/:id/edit', admin, async (req, res) => {
    const id = req.params.id
    const values = { ...parseUserForm(req.body), version: str(req.body.version) }
    try {
      await services.users.update(req.user!, id, values, Number(req.body.version))
      flash(req, 'User details saved.')
      res.redirect(303, paths.admin.user(id))
    } catch (err) {
      // After a conflict the form shows the latest saved details and version, so checking and saving again works.
      keepForm(req, `user-${id}`, err, err instanceof ConflictError ? {} : values)
      res.redirect(303, paths.admin.editUser(id))
    }
  })

  route.post('/admin/users/:id/disable', admin, async (req, res) => {
    await services.users.setDisabled(req.user!, req.params.id, true)
    flash(req, 'User disabled. They can no longer sign in.')
    res.redirect(303, paths.admin.user(req.params.id))
  })

  route.post('/admin/users/:id/enable', admin, async (req, res) => {
    await services.users.setDisabled(req.user!, req.params.id, false)
    flash(req, 'User enabled.')
    res.redirect(303, paths.admin.user(req.params.id))
  })

  route.post('/admin/users/:id/reset-password', admin, async (req, res) => {
    const user = await services.users.get(req.params.id)
    const temporaryPassword = await services.users.resetPassword(req.user!, user.id)
    render(req, res, 'pages/admin/temporary-password', {
      title: 'Password reset',
      user,
      temporaryPassword,
      reset: true,
    })
  })

  route.post('/admin/users/:id/revoke-tokens', admin, async (req, res) => {
    const n = await services.auth.revokeTokens(req.user!, req.params.id, str(req.body.tokenId) || undefined)
    flash(req, `${n} API ${n === 1 ? 'token' : 'tokens'} revoked.`)
    res.redirect(303, paths.admin.user(req.params.id))
  })

  route.get(paths.admin.organisations, admin, async (req, res) => {
    render(req, res, 'pages/admin/organisations', {
      title: 'Organisations',
      organisations: await services.reference.organisations(),
    })
  })

  route.get(paths.admin.newOrganisation, admin, (req, res) => {
    render(req, res, 'pages/admin/organisation-form', {
      title: 'Add an organisation',
      form: takeForm(req, 'organisation'),
      action: paths.admin.newOrganisation,
      kindItems,
    })
  })

  route.post(paths.admin.newOrganisation, admin, async (req, res) => {
    const values = { name: str(req.body.name), kind: str(req.body.kind) || undefined }
    try {
      await services.reference.createOrganisation(req.user!, values)
      flash(req, 'Organisation added.')
      res.redirect(303, paths.admin.organisations)
    } catch (err) {
      keepForm(req, 'organisation', err, values)
      res.redirect(303, paths.admin.newOrganisation)
    }
  })

  route.get('/admin/organisations/:id/edit', admin, async (req, res) => {
    const org = await services.reference.organisation(req.params.id)
    const form = takeForm(req, `organisation-${org.id}`)
    if (!Object.keys(form.values).length) form.values = { ...org }
    render(req, res, 'pages/admin/organisation-form', {
      title: `Change ${org.name}`,
      form,
      action: paths.admin.editOrganisation(org.id),
      kindItems,
    })
  })

  route.post('/admin/organisations/:id/edit', admin, async (req, res) => {
    const values = { name: str(req.body.name), kind: str(req.body.kind) || undefined }
    try {
      await services.reference.updateOrganisation(req.user!, req.params.id, values)
      flash(req, 'Organisation saved.')
      res.redirect(303, paths.admin.organisations)
    } catch (err) {
      keepForm(req, `organisation-${req.params.id}`, err, values)
      res.redirect(303, paths.admin.editOrganisation(req.params.id))
    }
  })

  route.get(paths.admin.courts, admin, async (req, res) => {
    render(req, res, 'pages/admin/courts', { title: 'Courts', courts: await services.reference.courts() })
  })

  route.get(paths.admin.newCourt, admin, (req, res) => {
    const form = takeForm(req, 'court')
    if (!Object.keys(form.values).length) form.values = { reportDueWorkingDays: '2' }
    render(req, res, 'pages/admin/court-form', {
      title: 'Add a court',
      form,
      kindItems: COURT_KIND_ITEMS,
      action: paths.admin.newCourt,
    })
  })

  const courtValues = (body: Record<string, unknown>) => ({
    name: str(body.name),
    code: str(body.code).toUpperCase(),
    kind: str(body.kind) || undefined,
    reportDueWorkingDays: num(body.reportDueWorkingDays),
  })

  route.post(paths.admin.newCourt, admin, async (req, res) => {
    const values = courtValues(req.body)
    try {
      await services.reference.createCourt(req.user!, values)
      flash(req, 'Court added.')
      res.redirect(303, paths.admin.courts)
    } catch (err) {
      keepForm(req, 'court', err, { ...values, reportDueWorkingDays: str(req.body.reportDueWorkingDays) })
      res.redirect(303, paths.admin.newCourt)
    }
  })

  route.get('/admin/courts/:id/edit', admin, async (req, res) => {
    const court = await services.reference.court(req.params.id)
    const form = takeForm(req, `court-${court.id}`)
    if (!Object.keys(form.values).length)
      form.values = { ...court, reportDueWorkingDays: String(court.reportDueWorkingDays) }
    render(req, res, 'pages/admin/court-form', {
      title: `Change ${court.name}`,
      kindItems: COURT_KIND_ITEMS,
      form,
      action: paths.admin.editCourt(court.id),
    })
  })

  route.post('/admin/courts/:id/edit', admin, async (req, res) => {
    const values = courtValues(req.body)
    try {
      await services.reference.updateCourt(req.user!, req.params.id, values)
      flash(req, 'Court saved.')
      res.redirect(303, paths.admin.courts)
    } catch (err) {
      keepForm(req, `court-${req.params.id}`, err, {
        ...values,
        reportDueWorkingDays: str(req.body.reportDueWorkingDays),
      })
      res.redirect(303, paths.admin.editCourt(req.params.id))
    }
  })
}
