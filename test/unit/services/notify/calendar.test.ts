import {
  calendarFeed,
  hearingUid,
  reviewInvite,
  type CalendarHearing,
} from '../../../../server/services/notify/calendar'

// node-ical is not a dependency: unfold the lines (RFC 5545 3.1) and read components by hand.
interface Component {
  name: string
  props: { name: string; params: string; value: string }[]
  children: Component[]
}

function parse(text: string): Component {
  const lines = text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean)
  const root: Component = { name: 'ROOT', props: [], children: [] }
  const stack = [root]
  for (const line of lines) {
    const match = /^([A-Z-]+)((?:;[^:]*)?):(.*)$/.exec(line)
    if (!match) throw new Error(`Unreadable line: ${line}`)
    const [, name, params, value] = match
    const top = stack[stack.length - 1]
    if (name === 'BEGIN') {
      const child: Component = { name: value, props: [], children: [] }
      top.children.push(child)
      stack.push(child)
    } else if (name === 'END') {
      expect(top.name).toBe(value)
      stack.pop()
    } else {
      top.props.push({ name, params, value })
    }
  }
  expect(stack).toHaveLength(1)
  expect(root.children).toHaveLength(1)
  return root.children[0]
}

const prop = (component: Component, name: string) => component.props.find(p => p.name === name)
const value = (component: Component, name: string) => prop(component, name)?.value
const events = (calendar: Component) => calendar.children.filter(c => c.name === 'VEVENT')

const organiser = { name: 'Teesside Magistrates Court listing office', email: 'listing@example.gov.uk' }
const stamp = new Date('2026-03-01T12:00:00Z')

function hearing(overrides: Partial<CalendarHearing> = {}): CalendarHearing {
  return {
    reviewId: '7f1c2d3e-0000-4000-8000-000000000001',
    sequence: 0,
    startsAt: '2026-01-14T10:20:00.000Z',
    minutes: 20,
    courtName: 'Teesside Magistrates Court',
    courtroom: 'Courtroom 3',
    url: 'https://drr.example.gov.uk/reviews/7f1c2d3e-0000-4000-8000-000000000001/pack',
    ...overrides,
  }
}

describe('reviewInvite', () => {
  it('when a review is booked, then the invite is a REQUEST with a UID from the review and its sequence', () => {
    const calendar = parse(reviewInvite('REQUEST', [hearing({ sequence: 0 })], organiser, { stamp }))

    expect(value(calendar, 'VERSION')).toBe('2.0')
    expect(value(calendar, 'METHOD')).toBe('REQUEST')
    const [event] = events(calendar)
    expect(value(event, 'UID')).toBe('review-7f1c2d3e-0000-4000-8000-000000000001@drr-reviews.service')
    expect(value(event, 'SEQUENCE')).toBe('0')
    expect(value(event, 'STATUS')).toBe('CONFIRMED')
    expect(value(event, 'DTSTAMP')).toBe('20260301T120000Z')
    expect(prop(event, 'ORGANIZER')?.value).toBe('mailto:listing@example.gov.uk')
    expect(prop(event, 'ORGANIZER')?.params).toContain('CN="Teesside Magistrates Court listing office"')
    expect(value(event, 'URL')).toBe(hearing().url)
    expect(value(event, 'DESCRIPTION')).toContain(hearing().url)
    expect(value(event, 'LOCATION')).toBe('Teesside Magistrates Court\\, Courtroom 3')
    expect(value(event, 'SUMMARY')).toBe('DRR review hearing at Teesside Magistrates Court')
  })

  it('when a review moves, then the UID stays the same and the sequence rises', () => {
    const first = events(parse(reviewInvite('REQUEST', [hearing({ sequence: 0 })], organiser)))[0]
    const moved = events(
      parse(reviewInvite('REQUEST', [hearing({ sequence: 1, startsAt: '2026-02-11T14:00:00.000Z' })], organiser)),
    )[0]

    expect(value(moved, 'UID')).toBe(value(first, 'UID'))
    expect(value(moved, 'SEQUENCE')).toBe('1')
    expect(value(moved, 'DTSTART')).toBe('20260211T140000')
  })

  it('when a review is vacated, then the invite is a CANCEL of the same UID with status CANCELLED', () => {
    const calendar = parse(reviewInvite('CANCEL', [hearing({ sequence: 2 })], organiser))

    expect(value(calendar, 'METHOD')).toBe('CANCEL')
    const [event] = events(calendar)
    expect(value(event, 'UID')).toBe(hearingUid(hearing().reviewId))
    expect(value(event, 'SEQUENCE')).toBe('2')
    expect(value(event, 'STATUS')).toBe('CANCELLED')
  })

  it('when the hearing is in winter, then DTSTART is London wall time, which is GMT', () => {
    const [event] = events(
      parse(reviewInvite('REQUEST', [hearing({ startsAt: '2026-01-14T10:20:00.000Z' })], organiser)),
    )

    expect(prop(event, 'DTSTART')).toEqual({ name: 'DTSTART', params: ';TZID=Europe/London', value: '20260114T102000' })
    expect(prop(event, 'DTEND')).toEqual({ name: 'DTEND', params: ';TZID=Europe/London', value: '20260114T104000' })
  })

  it('when the hearing is in summer, then DTSTART is London wall time, an hour ahead of UTC', () => {
    const [event] = events(
      parse(reviewInvite('REQUEST', [hearing({ startsAt: '2026-07-01T09:20:00.000Z', minutes: 30 })], organiser)),
    )

    expect(prop(event, 'DTSTART')).toEqual({ name: 'DTSTART', params: ';TZID=Europe/London', value: '20260701T102000' })
    expect(prop(event, 'DTEND')).toEqual({ name: 'DTEND', params: ';TZID=Europe/London', value: '20260701T105000' })
  })

  it('when the clocks change in the week, then each side keeps its own offset', () => {
    // Clocks go forward on Sunday 29 March 2026 at 01:00 GMT.
    const calendar = parse(
      reviewInvite(
        'REQUEST',
        [
          hearing({ reviewId: 'a', startsAt: '2026-03-27T10:00:00.000Z' }),
          hearing({ reviewId: 'b', startsAt: '2026-03-30T09:00:00.000Z' }),
        ],
        organiser,
      ),
    )

    expect(events(calendar).map(event => value(event, 'DTSTART'))).toEqual(['20260327T100000', '20260330T100000'])
  })

  it('when an invite is made, then it carries a VTIMEZONE for Europe/London with both offsets', () => {
    const calendar = parse(reviewInvite('REQUEST', [hearing()], organiser))

    const zone = calendar.children.find(c => c.name === 'VTIMEZONE')
    expect(zone && value(zone, 'TZID')).toBe('Europe/London')
    const offsets = zone?.children.map(c => `${c.name} ${value(c, 'TZOFFSETTO')}`)
    expect(offsets).toEqual(['DAYLIGHT +0100', 'STANDARD +0000'])
    // The zone comes before the events that refer to it.
    expect(calendar.children.map(c => c.name)).toEqual(['VTIMEZONE', 'VEVENT'])
  })

  it('when recipients are given, then each is an attendee who is not asked to reply', () => {
    const [event] = events(
      parse(
        reviewInvite('REQUEST', [hearing()], organiser, {
          attendees: [{ email: 'officer@example.gov.uk', name: 'Sam Officer' }, { email: 'team@example.org' }],
        }),
      ),
    )

    const attendees = event.props.filter(p => p.name === 'ATTENDEE')
    expect(attendees.map(a => a.value)).toEqual(['MAILTO:officer@example.gov.uk', 'MAILTO:team@example.org'])
    expect(attendees[0].params).toContain('CN="Sam Officer"')
    expect(attendees.every(a => /ROLE=REQ-PARTICIPANT/.test(a.params) && /RSVP=FALSE/.test(a.params))).toBe(true)
  })

  it('when a feed is made, then it names no attendees even if asked', () => {
    const calendar = parse(
      calendarFeed('DRR review hearings', [hearing()], { attendees: [{ email: 'x@example.org' }] }),
    )

    expect(events(calendar)[0].props.some(p => p.name === 'ATTENDEE')).toBe(false)
  })

  it('when there is no courtroom, then the location is the court alone', () => {
    const [event] = events(parse(reviewInvite('REQUEST', [hearing({ courtroom: null })], organiser)))

    expect(value(event, 'LOCATION')).toBe('Teesside Magistrates Court')
  })

  it('when the courtroom is a bare number, then the location says it is a courtroom', () => {
    const [event] = events(parse(reviewInvite('REQUEST', [hearing({ courtroom: '3' })], organiser)))

    expect(value(event, 'LOCATION')).toBe('Teesside Magistrates Court\\, courtroom 3')
  })

  it('when the start is not an instant, then it refuses rather than write a wrong time', () => {
    expect(() => reviewInvite('REQUEST', [hearing({ startsAt: 'soon' })], organiser)).toThrow('Invalid hearing start')
  })
})

describe('calendarFeed', () => {
  it('when a user has hearings, then the feed publishes one event per review with stable UIDs', () => {
    const feed = calendarFeed(
      'DRR review hearings',
      [hearing({ reviewId: 'r1', sequence: 3 }), hearing({ reviewId: 'r2', startsAt: '2026-06-10T13:00:00.000Z' })],
      { stamp },
    )
    const calendar = parse(feed)

    expect(value(calendar, 'METHOD')).toBe('PUBLISH')
    expect(value(calendar, 'X-WR-CALNAME')).toBe('DRR review hearings')
    expect(value(calendar, 'X-WR-TIMEZONE')).toBe('Europe/London')
    const list = events(calendar)
    expect(list.map(event => [value(event, 'UID'), value(event, 'SEQUENCE'), value(event, 'DTSTART')])).toEqual([
      ['review-r1@drr-reviews.service', '3', '20260114T102000'],
      ['review-r2@drr-reviews.service', '0', '20260610T140000'],
    ])
    expect(list.every(event => prop(event, 'ORGANIZER') === undefined)).toBe(true)
    expect(feed.split('\r\n').every(line => Buffer.byteLength(line) <= 75)).toBe(true)
  })

  it('when a user has no hearings, then the feed is still a valid, empty calendar', () => {
    const calendar = parse(calendarFeed('DRR review hearings', []))

    expect(events(calendar)).toHaveLength(0)
    expect(value(calendar, 'PRODID')).toContain('Manage drug rehabilitation reviews')
  })

  it('when a feed or invite is made, then it holds nothing but the court, the time and the link', () => {
    const texts = [
      calendarFeed('DRR review hearings', [hearing()], { stamp }),
      reviewInvite('REQUEST', [hearing()], organiser, { stamp }),
      reviewInvite('CANCEL', [hearing()], organiser, { stamp }),
    ]

    for (const text of texts) {
      const calendar = parse(text)
      for (const event of events(calendar)) {
        expect(event.props.map(p => p.name).sort()).toEqual(
          ['DESCRIPTION', 'DTEND', 'DTSTAMP', 'DTSTART', 'LOCATION', 'STATUS', 'SEQUENCE', 'SUMMARY', 'UID', 'URL']
            .concat(value(calendar, 'METHOD') === 'PUBLISH' ? [] : ['ORGANIZER'])
            .sort(),
        )
        expect(event.props.find(p => p.name === 'ATTENDEE')).toBeUndefined()
      }
      expect(text).not.toMatch(/drug test|positive|negative|opiate|cocaine|breach|crown/i)
    }
  })
})
