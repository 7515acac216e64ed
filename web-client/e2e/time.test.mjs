// Time in the browser: a viewer abroad sees slot times in their own zone, and a signed-in tab renews its access
// token before it expires (the page's clock is moved forward; the server's is not).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DESKTOP, PASSWORD, ctx, settled, setup, url } from './support/harness.mjs'

setup()

async function signedInPage(username, timezoneId, beforeLogin) {
  const context = await ctx.browser.newContext({ viewport: DESKTOP, locale: 'en-GB', timezoneId, baseURL: ctx.baseUrl })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  if (beforeLogin) await beforeLogin(page)
  await page.goto(url('/login'))
  await page.locator('#username').fill(username)
  await page.locator('#password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => u.pathname === '/experts')
  await settled(page)
  return { context, page }
}

function localTime(iso, timeZone) {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso))
}

test('a viewer in Europe/Berlin sees an expert’s free times in Berlin time', async () => {
  const { context, page } = await signedInPage('student161', 'Europe/Berlin')
  try {
    const slots = await page.evaluate(async () => {
      const from = new Date().toISOString()
      const to = new Date(Date.now() + 7 * 86400_000).toISOString()
      const res = await fetch(`/api/v1/experts/exp-001/slots?from=${from}&to=${to}`, {
        headers: { Authorization: `Bearer ${sessionStorage.getItem('wenxin.accessToken')}` },
      })
      return (await res.json()).items
    })
    const first = slots.find((s) => s.available)
    assert.ok(first, 'exp-001 has a free slot this week')
    await page.goto(url('/experts/exp-001'))
    await settled(page)
    const shown = (await page.getByTestId('slot').first().textContent()).trim()
    const berlin = localTime(first.start, 'Europe/Berlin')
    assert.equal(shown, berlin, `slot ${first.start} shown in Berlin time`)
    assert.notEqual(berlin, localTime(first.start, 'Asia/Shanghai'), 'Berlin and Shanghai differ')
    // the zone is named as a person reads it (柏林), never as the raw id
    assert.match(await page.locator('main').textContent(), /柏林/)
    assert.doesNotMatch(await page.locator('main').textContent(), /Europe\/Berlin/)
  } finally {
    await context.close()
  }
})

test('a signed-in tab renews its access token before it expires', async () => {
  const { context, page } = await signedInPage('student162', 'Asia/Shanghai', (p) => p.clock.install())
  try {
    const before = await page.evaluate(() => sessionStorage.getItem('wenxin.accessToken'))
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh') && r.status() === 200)
    await page.clock.fastForward('14:30')
    await refreshed
    await page.waitForFunction((old) => sessionStorage.getItem('wenxin.accessToken') !== old, before)
    const me = await page.evaluate(async () => (await fetch('/api/v1/me', {
      headers: { Authorization: `Bearer ${sessionStorage.getItem('wenxin.accessToken')}` },
    })).status)
    assert.equal(me, 200)
  } finally {
    await context.close()
  }
})
