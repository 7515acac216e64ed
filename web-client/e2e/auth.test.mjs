import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { HOMES, PHONE, assertNoConsoleErrors, ctx, login, newPage, settled, setup, url } from './support/harness.mjs'

setup()

describe('sign-in', () => {
  for (const [username, home] of Object.entries(HOMES)) {
    test(`${username} lands on ${home}`, async () => {
      const { context, page } = await newPage()
      try {
        await login(page, username)
        assert.equal(new URL(page.url()).pathname, home)
        await page.getByTestId('whoami').waitFor()
        // the help bar with the hotline numbers is on every page
        assert.equal(await page.locator('a[href="tel:96525"]').count() >= 1, true)
        assert.equal(await page.locator('a[href="tel:92355"]').count() >= 1, true)
        assertNoConsoleErrors(page, home)
      } finally {
        await context.close()
      }
    })
  }

  test('a wrong password says so in plain language', async () => {
    const { context, page } = await newPage()
    try {
      await page.goto(url('/login'))
      await page.locator('#username').fill('student001')
      await page.locator('#password').fill('not-the-password')
      await page.getByTestId('login-submit').click()
      const msg = await page.getByTestId('login-error').textContent()
      assert.match(msg, /用户名或密码不正确|尝试次数过多/)
      assert.equal(new URL(page.url()).pathname, '/login')
    } finally {
      await context.close()
    }
  })

  test('a role is kept out of other roles’ pages', async () => {
    const { context, page } = await newPage()
    try {
      await login(page, 'student001')
      await page.goto(url('/admin'))
      await page.waitForURL((u) => u.pathname === '/experts')
    } finally {
      await context.close()
    }
  })

  test('anonymous sign-in shows a pseudonym', async () => {
    const { context, page } = await newPage(PHONE)
    try {
      await page.goto(url('/login'))
      await page.getByTestId('anonymous').click()
      const pseudonym = (await page.getByTestId('pseudonym').textContent()).trim()
      assert.ok(pseudonym.length >= 2, `pseudonym shown: "${pseudonym}"`)
      await page.getByTestId('continue').click()
      await page.waitForURL((u) => u.pathname === '/experts')
      await settled(page)
      assert.match(await page.getByTestId('whoami').textContent(), new RegExp(pseudonym.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      assertNoConsoleErrors(page, 'anonymous')
    } finally {
      await context.close()
    }
  })

  test('sign-out returns to login and the old tokens are refused', async () => {
    const { context, page } = await newPage()
    try {
      await login(page, 'student001')
      const access = await page.evaluate(() => sessionStorage.getItem('wenxin.accessToken'))
      const refresh = await page.evaluate(() => sessionStorage.getItem('wenxin.refreshToken'))
      assert.ok(access && refresh)
      await page.getByTestId('sign-out').click()
      await page.waitForURL((u) => u.pathname === '/login')
      assert.equal(await page.evaluate(() => sessionStorage.getItem('wenxin.accessToken')), null)
      const me = await context.request.get(url('/api/v1/me'), { headers: { Authorization: `Bearer ${access}` } })
      assert.equal(me.status(), 401, 'the access token still works after sign-out')
      const rr = await context.request.post(url('/api/v1/auth/refresh'), { data: { refreshToken: refresh } })
      assert.equal(rr.status(), 401, 'the refresh token still works after sign-out')
      // protected pages now lead back to sign-in
      await page.goto(url('/bookings'))
      await page.waitForURL((u) => u.pathname === '/login')
    } finally {
      await context.close()
    }
  })

  test('switching language changes the text and <html lang>, and is remembered', async () => {
    const { context, page } = await newPage()
    try {
      await page.goto(url('/login'))
      await page.locator('main h1').waitFor()
      assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN')
      assert.equal((await page.locator('main h1').textContent()).trim(), '登录')
      await page.getByTestId('lang-en').click()
      await page.waitForFunction(() => document.documentElement.lang === 'en')
      assert.equal((await page.locator('main h1').textContent()).trim(), 'Sign in')
      assert.equal((await page.getByTestId('talk-now').textContent()).trim(), 'Talk now')
      assert.match(await page.locator('.helpbar').textContent(), /24-hour psychological help line/)
      await page.reload()
      await page.locator('main h1').waitFor()
      assert.equal(await page.getAttribute('html', 'lang'), 'en')
      assert.equal((await page.locator('main h1').textContent()).trim(), 'Sign in')
      await page.getByTestId('lang-zh').click()
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
      assert.equal((await page.getByTestId('talk-now').textContent()).trim(), '马上倾诉')
    } finally {
      await context.close()
    }
  })
})

test('the browser is a current Chromium, and the service answers it under its CSP', async () => {
  const major = Number(/^(\d+)\./.exec(ctx.browser.version())?.[1] ?? 0)
  assert.ok(major >= 110, `Chromium ${ctx.browser.version()} is recent enough`)
  const { context, page } = await newPage()
  try {
    const res = await page.goto(url('/login'))
    assert.equal(res.status(), 200)
    assert.match(res.headers()['content-security-policy'] ?? '', /default-src 'self'/)
    assert.equal(await page.evaluate(() => navigator.userAgent.includes('Chrome/')), true)
  } finally {
    await context.close()
  }
})
