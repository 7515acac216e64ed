// The booking journeys (the definition of done):
// a student searches by topic, opens an expert, books the first free slot, sees it in "my bookings" and gets the
// confirmation pushed over the WebSocket; the expert sees it in the week view; the student cancels it.
// A parent books for a child, and the child sees the booking when signing in.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DESKTOP, PHONE, apiAs, assertAccessible, assertNoConsoleErrors, login, newPage, screenshot, settled, setup, url } from './support/harness.mjs'
import { bookFirstFree, call, tokenOf } from './support/api.mjs'

setup()

const TOPICS = ['academic_stress', 'emotions', 'relationships', 'sleep', 'parent_child', 'internet_use', 'bullying', 'career', 'puberty', 'family_change']
// accounts no other test uses
const STUDENT = 'student150'

/** The body of an API answer to the page's signed-in user. */
const apiBody = async (page, path, method, body) => (await apiAs(page, path, method, body)).body

/** The booking date (YYYY-MM-DD) in the tests' time zone. */
function shanghaiDate(iso) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso))
}

async function showFilters(page) {
  if (!(await page.getByTestId('filter-topic').isVisible())) await page.getByTestId('filters-toggle').click()
}

/** From the experts list, opens the first expert with a free slot in the next four weeks; returns that slot's locator. */
async function openExpertWithSlot(page) {
  const cards = page.getByTestId('expert-card')
  const n = await cards.count()
  for (let i = 0; i < n; i++) {
    await cards.nth(i).getByTestId('expert-open').click()
    await page.waitForURL((u) => /^\/experts\/.+/.test(u.pathname))
    await settled(page)
    for (let w = 0; w < 4; w++) {
      if ((await page.getByTestId('slot').count()) > 0) return page.getByTestId('slot').first()
      await page.getByTestId('next-week').click()
      await page.waitForFunction(() => !document.querySelector('main .skeleton'))
    }
    await page.goBack()
    await settled(page)
  }
  return null
}

async function bookChosenSlot(page, slot, childId) {
  await slot.click()
  const dialog = page.getByTestId('book-dialog')
  await dialog.waitFor({ state: 'visible' })
  if (childId) await dialog.locator('#book-child').selectOption(childId)
  await dialog.getByTestId('book-submit').click()
  await dialog.getByTestId('book-confirmation').waitFor()
  return dialog
}

test('student books by topic, is notified, the expert sees it in the week view, the student cancels', async () => {
  const { context, page } = await newPage(PHONE)
  let expertCtx = null
  try {
    await login(page, STUDENT)
    const me = await apiBody(page, '/api/v1/me')

    // search by a topic that has experts
    await showFilters(page)
    let found = false
    for (const topic of TOPICS) {
      await page.getByTestId('filter-topic').selectOption(topic)
      await page.waitForURL((u) => u.searchParams.get('topic') === topic)
      await settled(page)
      if ((await page.getByTestId('expert-card').count()) > 0) {
        found = true
        break
      }
    }
    assert.ok(found, 'no expert for any topic')

    const slot = await openExpertWithSlot(page)
    assert.ok(slot, 'no free slot found')
    const expertId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop())
    const expertName = (await page.locator('#expert-name').textContent()).trim()

    const bell = page.getByTestId('bell')
    const unreadBefore = Number((await bell.getAttribute('data-unread')) ?? 0)
    const dialog = await bookChosenSlot(page, slot)
    // the confirmation arrives over the WebSocket: the bell's unread count goes up without a reload
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="bell"]')?.getAttribute('data-unread') ?? 0) > n,
      unreadBefore,
      { timeout: 15_000 },
    )
    await screenshot(page, 'journey-booked-phone')
    await dialog.getByTestId('see-bookings').click()
    await page.waitForURL((u) => u.pathname === '/bookings')
    await settled(page)

    const mine = page.locator('[data-testid="booking"][data-status="confirmed"]', { hasText: expertName }).first()
    await mine.waitFor()
    const bookingId = await mine.getAttribute('data-booking-id')
    const start = await mine.getAttribute('data-start')
    assert.ok(bookingId && start)
    await mine.getByTestId('free-until').waitFor()

    // the inbox shows the booking confirmation
    await bell.click()
    const inbox = page.locator('#inbox-panel')
    await inbox.waitFor()
    await inbox.locator('li', { hasText: expertName }).first().waitFor()
    await screenshot(page, 'journey-inbox-phone')
    await inbox.getByRole('button', { name: '关闭' }).click()

    // the expert, in a second browser context, sees the booking in the week covering its date
    const exp = await newPage(DESKTOP)
    expertCtx = exp.context
    const epage = exp.page
    const m = /^exp-(\d+)$/.exec(expertId)
    assert.ok(m, `unexpected expert id ${expertId}`)
    await login(epage, `expert${m[1]}`)
    await epage.getByTestId('view-week').click()
    await epage.getByTestId('schedule-date').fill(shanghaiDate(start))
    await epage.getByTestId('schedule-date').dispatchEvent('change')
    await settled(epage)
    // booked under a pseudonym (the default): the expert sees the booking's label, never the student's name
    const { studentLabel } = await apiBody(page, `/api/v1/bookings/${bookingId}`)
    assert.ok(studentLabel && studentLabel !== me.displayName)
    const rows = epage.getByTestId('schedule-table').locator('[data-testid="schedule-row"]')
    await rows.filter({ hasText: studentLabel }).first().waitFor()
    assert.equal(await rows.filter({ hasText: me.displayName }).count(), 0)
    await screenshot(epage, 'journey-expert-week-desktop')
    await assertAccessible(epage, 'expert week view')
    assertNoConsoleErrors(epage, 'expert week view')

    // back as the student: cancel it
    await mine.getByTestId('booking-cancel').click()
    const cancelDialog = page.getByTestId('cancel-dialog')
    await cancelDialog.waitFor({ state: 'visible' })
    // the dialog says until when cancelling is free, or that it is late already: by the server's freeChangeUntil
    // (the slot may start within hours of the run, on either side of that moment)
    const said = await cancelDialog.textContent()
    const { freeChangeUntil } = await apiBody(page, `/api/v1/bookings/${bookingId}`)
    assert.ok(freeChangeUntil)
    if (Date.parse(freeChangeUntil) > Date.now()) {
      assert.match(said, /前可以免费取消/)
      assert.doesNotMatch(said, /已于 .* 截止/)
    } else {
      assert.match(said, /免费取消时间已于/)
    }
    await cancelDialog.getByTestId('confirm-cancel').click()
    await page.locator(`[data-booking-id="${bookingId}"]`).waitFor({ state: 'detached' })
    // it is listed with the past and cancelled ones, as cancelled
    await page.getByRole('tab', { name: '已结束或已取消' }).click()
    await page.locator(`[data-booking-id="${bookingId}"][data-status="cancelled"]`).waitFor()
    await screenshot(page, 'journey-cancelled-phone')
    await assertAccessible(page, 'bookings after cancel')
    assertNoConsoleErrors(page, 'booking journey')
  } finally {
    await expertCtx?.close()
    await context.close()
  }
})

/** A demo parent whose first child is under 14, with any consent on file withdrawn first. */
async function parentOfYoungChild() {
  for (let i = 5; i <= 60; i++) {
    const parent = `parent${String(i).padStart(3, '0')}`
    const token = await tokenOf(parent)
    const child = (await call(token, '/api/v1/me')).body.children?.find((c) => c.under14)
    if (!child) continue
    for (const c of (await call(token, '/api/v1/consents')).body.items ?? []) {
      if (c.subjectId === child.id && !c.withdrawnAt) await call(token, `/api/v1/consents/${c.id}`, 'DELETE')
    }
    const fresh = (await call(token, '/api/v1/me')).body.children.find((c) => c.id === child.id)
    return { parent, child: fresh }
  }
  throw new Error('no demo parent has a child under 14')
}

test('a parent books for a child, and the child sees it', async () => {
  const { context, page } = await newPage(DESKTOP)
  let childCtx = null
  let bookingId = null
  try {
    // a parent with a child under 14 and no consent on file, so that the consent path always runs
    const { parent: parentName, child } = await parentOfYoungChild()
    await login(page, parentName)
    assert.ok(child.under14 && !child.guardianConsent, 'the consent path is exercised')

    // a child under 14 needs the guardian's consent before booking
    {
      await page.goto(url('/consents'))
      await settled(page)
      const card = page.getByTestId('consent-child').filter({ hasText: child.displayName })
      await card.getByRole('checkbox').check()
      await card.getByRole('button', { name: '确认同意' }).click()
      await card.getByRole('button', { name: '撤回同意' }).waitFor()
      await page.goto(url('/experts'))
      await settled(page)
    }

    const slot = await openExpertWithSlot(page)
    assert.ok(slot, 'no free slot found')
    const expertName = (await page.locator('#expert-name').textContent()).trim()
    const dialog = await bookChosenSlot(page, slot, child.id)
    await dialog.getByTestId('see-bookings').click()
    await page.waitForURL((u) => u.pathname === '/bookings')
    await settled(page)
    const booked = page.locator('[data-testid="booking"][data-status="confirmed"]', { hasText: child.displayName }).filter({ hasText: expertName }).first()
    await booked.waitFor()
    bookingId = await booked.getAttribute('data-booking-id')
    // the guardian of a child under 14 may change what they booked: the buttons are there
    await booked.getByTestId('booking-cancel').waitFor()
    await screenshot(page, 'journey-parent-booked-desktop')
    assertNoConsoleErrors(page, 'parent booking')

    // the child signs in and sees the booking
    const c = await newPage(PHONE)
    childCtx = c.context
    const cm = /^stu-(\d+)$/.exec(child.id)
    assert.ok(cm, `unexpected child id ${child.id}`)
    await login(c.page, `student${cm[1]}`)
    await c.page.goto(url('/bookings'))
    await settled(c.page)
    await c.page.locator(`[data-testid="booking"][data-booking-id="${bookingId}"][data-status="confirmed"]`).waitFor()
    await screenshot(c.page, 'journey-child-bookings-phone')
    assertNoConsoleErrors(c.page, 'child bookings')
  } finally {
    // leave the slot free for the next run
    if (bookingId) await apiBody(page, `/api/v1/bookings/${encodeURIComponent(bookingId)}/cancel`, 'POST', {}).catch(() => {})
    await childCtx?.close()
    await context.close()
  }
})

/** A demo parent with a linked child of 14 or more, the child's username and a token of the child. */
async function parentOfTeen() {
  for (let i = 1; i <= 100; i++) {
    const parent = `parent${String(i).padStart(3, '0')}`
    const child = (await call(await tokenOf(parent), '/api/v1/me')).body.children?.find((c) => c.under14 === false)
    if (!child) continue
    const m = /^stu-(\d+)$/.exec(child.id)
    return { parent, child, childToken: await tokenOf(`student${m[1]}`) }
  }
  throw new Error('no demo parent has a child of 14 or more')
}

test('a parent sees a teen\'s shared booking without controls the server would refuse', async () => {
  const { context, page } = await newPage(PHONE)
  const { parent, child, childToken } = await parentOfTeen()
  let booking = null
  try {
    const shared = await call(childToken, '/api/v1/me/family-sharing', 'PUT', { shareBookingsWithParents: true })
    assert.equal(shared.status, 200, JSON.stringify(shared.body))
    booking = await bookFirstFree(childToken, 'exp-003')
    await login(page, parent)
    await page.goto(url('/bookings'))
    await settled(page)
    const row = page.locator(`[data-testid="booking"][data-booking-id="${booking.id}"][data-status="confirmed"]`)
    await row.waitFor()
    const rowText = await row.textContent()
    assert.ok(rowText.includes(child.displayName), 'the row names the child')
    // the topic is the teen's own: not sent to the parent, and no raw i18n key in its place
    assert.ok(!/topic\.|undefined/.test(rowText), `no raw key in "${rowText}"`)
    // the server refuses a parent's change to a teen's booking (403), so the page offers none
    assert.equal(await row.getByTestId('booking-cancel').count(), 0, 'no cancel button')
    assert.equal(await row.getByTestId('booking-reschedule').count(), 0, 'no reschedule button')
    assert.equal(await row.getByTestId('free-until').count(), 0, 'no "free to change until" line')
    // (asked from the test, not the page, whose console must stay clean)
    const refused = await call(await tokenOf(parent), `/api/v1/bookings/${encodeURIComponent(booking.id)}/cancel`, 'POST', {})
    assert.equal(refused.status, 403, 'the server would indeed refuse it')
    await screenshot(page, 'parent-teen-shared-booking-phone')
    assertNoConsoleErrors(page, 'parent sees a shared booking')
  } finally {
    if (booking) await call(childToken, `/api/v1/bookings/${encodeURIComponent(booking.id)}/cancel`, 'POST', {}).catch(() => {})
    await call(childToken, '/api/v1/me/family-sharing', 'PUT', { shareBookingsWithParents: false }).catch(() => {})
    await context.close()
  }
})

test('an expert makes a secret calendar link, shown once, and replaces it', async () => {
  const { context, page } = await newPage(DESKTOP)
  try {
    await login(page, 'expert002')
    const feed = page.getByTestId('feed')
    await feed.locator('[data-testid="feed-create"], [data-testid="feed-renew"]').first().waitFor()
    const urlInput = feed.locator('input#feed-url')
    if (await feed.getByTestId('feed-create').isVisible()) {
      await feed.getByTestId('feed-create').click()
    } else {
      await feed.getByTestId('feed-renew').click()
      await page.getByTestId('feed-renew-dialog').getByTestId('feed-renew-confirm').click()
    }
    await urlInput.waitFor()
    const first = await urlInput.inputValue()
    assert.match(first, /\/calendar-feeds\/[A-Za-z0-9_-]{20,}\/expert\.ics$/)
    // a calendar app fetches it without any sign-in (the address is built from WENXIN_PUBLIC_URL; the path is ours)
    const feedPath = new URL(first).pathname
    const ics = await context.request.get(url(feedPath))
    assert.equal(ics.status(), 200)
    assert.match(await ics.text(), /^BEGIN:VCALENDAR/)

    // after a reload only "since when" is shown, never the address
    await page.reload()
    await settled(page)
    await feed.getByTestId('feed-since').waitFor()
    assert.equal(await feed.locator('#feed-url').count(), 0)

    // a new link replaces the old one, which stops working
    await feed.getByTestId('feed-renew').click()
    await page.getByTestId('feed-renew-dialog').getByTestId('feed-renew-confirm').click()
    await urlInput.waitFor()
    const second = await urlInput.inputValue()
    assert.notEqual(second, first)
    assert.equal((await context.request.get(url(feedPath))).status(), 404, 'the old address stopped working')
    await screenshot(page, 'expert-feed-desktop')
    await assertAccessible(page, 'calendar feed')
    assertNoConsoleErrors(page, 'calendar feed')
  } finally {
    await context.close()
  }
})
