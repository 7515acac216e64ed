// What new users tripped over, each walked through in the browser against the real service.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { PHONE, DESKTOP, assertNoConsoleErrors, login, newPage, screenshot, settled, setup, url } from './support/harness.mjs'
import { bookFirstFree, call, freeSlots, tokenOf } from './support/api.mjs'

setup()

const LATIN_SENTENCE = /[A-Za-z]{3,}[ ,'’]+[A-Za-z]{2,}[ ,'’]+[A-Za-z]{2,}/

test('an expert takes a day off and the other edits on the page are kept', async () => {
  const { context, page } = await newPage(PHONE)
  try {
    await login(page, 'expert061')
    await page.goto(url('/expert/availability'))
    await settled(page)
    await page.locator('input#cap, #cap input').first().fill('5')
    await page.getByTestId('add-exception').click()
    const day = new Date(Date.now() + 5 * 86400_000).toISOString().slice(0, 10)
    await page.locator('#x-date-0').fill(day)
    await page.getByTestId('save-availability').click()
    await page.getByTestId('toast').filter({ hasText: '已保存' }).waitFor()
    assert.equal(await page.locator('main [role="alert"]').count(), 0, 'no error shown')
    await page.reload()
    await settled(page)
    assert.equal(await page.locator('#x-date-0').inputValue(), day)
    assert.equal(await page.locator('#x-kind-0').inputValue(), 'off')
    assert.equal(await page.locator('input#cap, #cap input').first().inputValue(), '5')
    assertNoConsoleErrors(page, 'availability')
  } finally {
    await context.close()
  }
})

test('an expert cancels: My bookings updates itself, and a late cancel is told in Chinese', async () => {
  const student = await tokenOf('student171')
  const expert = await tokenOf('expert062')
  const booking = await bookFirstFree(student, 'exp-062')
  const { context, page } = await newPage(PHONE)
  try {
    await login(page, 'student171')
    await page.goto(url('/bookings'))
    await settled(page)
    const row = page.locator(`[data-booking-id="${booking.id}"]`)
    await row.locator('[data-status="confirmed"], [data-testid="booking-status"]').first().waitFor()
    await page.evaluate(() => (window.__notReloaded = true))
    // the student opens the cancel dialog; meanwhile the expert cancels
    await row.getByTestId('booking-cancel').click()
    const dialog = page.getByTestId('cancel-dialog')
    await dialog.waitFor({ state: 'visible' })
    assert.equal((await call(expert, `/api/v1/bookings/${booking.id}/cancel`, 'POST', { reason: '临时有事' })).status, 200)
    // the list behind the dialog drops it from "upcoming" without a reload
    await row.waitFor({ state: 'detached', timeout: 10_000 })
    assert.equal(await page.evaluate(() => window.__notReloaded), true, 'no reload happened')
    await dialog.getByTestId('confirm-cancel').click()
    const err = dialog.locator('[role="alert"]')
    await err.waitFor()
    const text = await err.textContent()
    assert.match(text, /已取消或已结束/)
    assert.doesNotMatch(text, LATIN_SENTENCE)
    await screenshot(page, 'first-use-stale-cancel-360')
  } finally {
    await context.close()
  }
})

test('an anonymous visitor is shown what they can do and why booking needs an account, before trying', async () => {
  const { context, page } = await newPage(PHONE)
  try {
    await page.goto(url('/login'))
    await page.getByTestId('anonymous').click()
    await page.getByTestId('continue').click()
    await page.waitForURL((u) => u.pathname === '/experts')
    await settled(page)
    const notice = page.getByTestId('anonymous-notice')
    await notice.waitFor()
    assert.match(await notice.textContent(), /学校账号/)
    assert.equal(await notice.locator('a[href="/talk-now"]').count(), 1)
    assert.equal(await notice.locator('a[href^="tel:"]').count(), 1)
    await page.getByTestId('expert-open').first().click()
    await page.waitForURL((u) => /^\/experts\/.+/.test(u.pathname))
    await settled(page)
    // free times are shown, but there is nothing to tap that would fail at the last step
    await page.getByTestId('slots-need-account').waitFor()
    assert.equal(await page.getByTestId('slot').count(), 0)
    await screenshot(page, 'first-use-anonymous-profile-360')
    assertNoConsoleErrors(page, 'anonymous visitor')
  } finally {
    await context.close()
  }
})

test('everyday words find experts; an empty result suggests what to do next', async () => {
  const { context, page } = await newPage(PHONE)
  try {
    await login(page, 'student162')
    for (const word of ['焦虑', '考试', '失眠', '抑郁']) {
      await page.getByTestId('search-q').fill(word)
      await page.getByTestId('search-q').press('Enter')
      await page.waitForURL((u) => u.searchParams.get('q') === word)
      await settled(page)
      assert.ok((await page.getByTestId('expert-card').count()) > 0, `${word} finds experts`)
      await page.getByTestId('matched-topics').waitFor()
    }
    await page.getByTestId('search-q').fill('zzzz没有这个词')
    await page.getByTestId('search-q').press('Enter')
    await settled(page)
    const empty = page.getByTestId('search-empty')
    await empty.waitFor()
    assert.match(await empty.textContent(), /换个说法/)
    assert.equal(await empty.locator('a[href="/talk-now"]').count(), 1)
    assert.equal(await empty.locator('a[href^="tel:"]').count(), 1)
    await screenshot(page, 'first-use-search-empty-360')
  } finally {
    await context.close()
  }
})

test('the expert opens a booking: topic, the student note, consent state, history; free time is in the schedule', async () => {
  const student = await tokenOf('student163')
  const expert = (await call(student, '/api/v1/experts/exp-063')).body
  const [slot] = await freeSlots(student, 'exp-063')
  const start = slot.start
  const { context, page } = await newPage(PHONE)
  try {
    const noted = await call(student, '/api/v1/bookings', 'POST', { expertId: 'exp-063', start, mode: expert.modes[0], topic: 'sleep', note: '最近总是睡不着' })
    assert.equal(noted.status, 201)
    await login(page, 'expert063')
    await page.getByTestId('schedule-date').fill(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(start)))
    await page.getByTestId('schedule-date').dispatchEvent('change')
    await page.getByTestId('view-week').click()
    await settled(page)
    await page.getByTestId('free-time').first().waitFor()
    await page.locator(`[data-testid="schedule-row"][data-booking-id="${noted.body.id}"]`).click()
    const detail = page.getByTestId('booking-detail')
    await detail.waitFor({ state: 'visible' })
    assert.match(await detail.getByTestId('detail-note').textContent(), /最近总是睡不着/)
    const consent = await detail.getByTestId('detail-consent').textContent()
    assert.match(consent, noted.body.guardianConsentRequired ? /还需要监护人同意/ : /不需要或已同意/)
    assert.match(await detail.textContent(), /睡眠问题/)
    await detail.getByTestId('detail-cancel').click()
    const confirm = detail.getByTestId('detail-confirm-cancel')
    assert.match(await confirm.textContent(), /确认取消/)
    await screenshot(page, 'first-use-expert-detail-360')
    await confirm.click()
    await page.locator(`[data-testid="schedule-row"][data-booking-id="${noted.body.id}"]`).filter({ hasText: '已取消' }).waitFor()
    assertNoConsoleErrors(page, 'expert booking detail')
  } finally {
    await context.close()
  }
})

test('the time-zone picker finds a zone by a friendly name, and no raw zone id is shown', async () => {
  const { context, page } = await newPage(PHONE)
  try {
    await login(page, 'expert064')
    await page.goto(url('/expert/availability'))
    await settled(page)
    const select = page.getByTestId('zone-select')
    assert.match(await select.locator('option:checked').textContent(), /上海/)
    await page.getByTestId('zone-search').fill('伦敦')
    await select.selectOption('Europe/London')
    assert.match(await select.locator('option:checked').textContent(), /伦敦/)
    assert.doesNotMatch(await page.locator('main').innerText(), /Asia\/Shanghai/)
  } finally {
    await context.close()
  }
})

test('rescheduling asks first, showing the old and the new time', async () => {
  const student = await tokenOf('student172')
  const booking = await bookFirstFree(student, 'exp-065')
  const { context, page } = await newPage(PHONE)
  try {
    await login(page, 'student172')
    await page.goto(url('/bookings'))
    await settled(page)
    await page.locator(`[data-booking-id="${booking.id}"]`).getByTestId('booking-reschedule').click()
    const dialog = page.getByTestId('reschedule-dialog')
    await dialog.getByTestId('move-slot').first().click()
    // one tap on a time only asks; nothing has moved yet
    const confirm = dialog.getByTestId('move-confirm')
    await confirm.waitFor()
    assert.equal((await call(student, `/api/v1/bookings/${booking.id}`)).body.start, booking.start)
    const text = await confirm.textContent()
    assert.match(text, /原时间/)
    assert.match(text, /新时间/)
    await screenshot(page, 'first-use-reschedule-confirm-360')
    await dialog.getByTestId('move-confirm-button').click()
    await page.getByTestId('toast').filter({ hasText: '改' }).first().waitFor()
    assert.notEqual((await call(student, `/api/v1/bookings/${booking.id}`)).body.start, booking.start)
  } finally {
    await call(student, `/api/v1/bookings/${booking.id}/cancel`, 'POST', {})
    await context.close()
  }
})

test('the page chrome shows a chosen or given name, never the full name, and the person can change it', async () => {
  const student = await tokenOf('student173')
  const booking = await bookFirstFree(student, 'exp-066')
  const full = booking.studentName
  const { context, page } = await newPage(PHONE)
  try {
    await login(page, 'student173')
    const header = page.locator('header')
    const who = page.getByTestId('whoami')
    assert.ok(full.length >= 2)
    assert.ok(!(await header.innerText()).includes(full), `full name ${full} is not in the header`)
    assert.ok((await who.innerText()).includes(full.slice(1)), 'the given name is shown')
    await page.getByTestId('whoami-edit').click()
    await page.getByTestId('whoami-input').fill('小星')
    await page.getByTestId('whoami-input').press('Enter')
    await who.filter({ hasText: '小星' }).waitFor()
    await page.reload()
    await settled(page)
    assert.match(await page.getByTestId('whoami').innerText(), /小星/)
  } finally {
    await call(student, `/api/v1/bookings/${booking.id}/cancel`, 'POST', {})
    await context.close()
  }
})

test('consent, worded for each reader: a child under 14 is told before booking; a booking by a parent is told to the child as such, as a link', async () => {
  const { context, page } = await newPage(PHONE)
  try {
    // student012 is in grade 1: under 14
    await login(page, 'student012')
    const me = await page.evaluate(async () => (await fetch('/api/v1/me', { headers: { Authorization: `Bearer ${sessionStorage.getItem('wenxin.accessToken')}` } })).json())
    assert.equal(me.under14, true)
    await page.goto(url('/experts/exp-067'))
    await settled(page)
    await page.getByTestId('slot').first().click()
    await page.getByTestId('book-dialog').getByTestId('under14-notice').waitFor()
    assert.match(await page.getByTestId('under14-notice').textContent(), /监护人/)
  } finally {
    await context.close()
  }
  // a parent books for a child; the child's inbox says the parent booked, and the item leads to My bookings
  const parent = await tokenOf('parent007')
  const pme = (await call(parent, '/api/v1/me')).body
  const child = pme.children[0]
  if (child.under14 && !child.guardianConsent) {
    await call(parent, '/api/v1/consents', 'POST', { subjectId: child.id, kind: 'guardian', policyVersion: (await call(parent, '/api/v1/config/public')).body.policyVersion })
  }
  const [slot] = await (await import('./support/api.mjs')).freeSlots(parent, 'exp-068')
  const made = await call(parent, '/api/v1/bookings', 'POST', { expertId: 'exp-068', start: slot.start, mode: 'chat', topic: 'emotions', forChildId: child.id })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  const c = await newPage(PHONE)
  try {
    await login(c.page, `student${/^stu-(\d+)$/.exec(child.id)[1]}`)
    await c.page.getByTestId('bell').click()
    const link = c.page.locator('#inbox-panel').getByTestId('notice-link').first()
    await link.waitFor()
    assert.match(await c.page.locator('#inbox-panel').innerText(), /家长为你预约/)
    await link.click()
    await c.page.waitForURL((u) => u.pathname === '/bookings')
  } finally {
    await call(parent, `/api/v1/bookings/${made.body.id}/cancel`, 'POST', {})
    await c.context.close()
  }
})

test('an admin adds an expert, deactivates them, and resets a password', async () => {
  const { context, page } = await newPage(PHONE)
  try {
    await login(page, 'admin02')
    const box = page.getByTestId('admin-experts')
    await box.getByTestId('ae-row').first().waitFor()
    const name = `测试${Date.now() % 100000}`
    await page.locator('#ae-name').fill(name)
    await box.getByTestId('ae-add').click()
    const row = box.getByTestId('ae-row').filter({ hasText: name })
    await row.getByRole('button', { name: /停用/ }).click()
    await row.getByRole('button', { name: /启用/ }).waitFor()
    await page.locator('#ae-reset').fill('student198')
    await box.getByTestId('ae-reset').click()
    assert.match(await box.getByTestId('ae-temporary').textContent(), /临时密码.*[A-Za-z0-9]{12}/)
    await screenshot(page, 'first-use-admin-experts-360')
    assertNoConsoleErrors(page, 'admin experts')
  } finally {
    await context.close()
  }
})
