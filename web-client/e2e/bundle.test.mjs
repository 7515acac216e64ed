// The built client loads only the UI kit parts it uses: Vant's tabs (phone views), no Element Plus, no whole Vant.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { root } from './support/harness.mjs'

const assets = path.join(root, 'dist', 'assets')

test('the built CSS holds Vant tabs only, and nothing of Element Plus', () => {
  const css = fs.readdirSync(assets).filter((f) => f.endsWith('.css')).map((f) => fs.readFileSync(path.join(assets, f), 'utf8')).join('\n')
  assert.match(css, /\.van-tabs/)
  for (const unused of ['.van-button', '.van-dialog', '.van-toast', '.van-picker', '.el-button', '.el-table', '.el-message']) {
    assert.ok(!css.includes(unused), `${unused} is not shipped`)
  }
})

test('the built JS has no Element Plus', () => {
  const js = fs.readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(assets, f), 'utf8')).join('\n')
  assert.ok(!js.includes('ElConfigProvider') && !js.includes('el-table'), 'Element Plus is gone')
})
