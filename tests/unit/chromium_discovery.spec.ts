import { test } from '@japa/runner'
import { ChromiumNotFoundError, findChromium } from '#services/chromium'

const only = (...paths: string[]) => (path: string) => paths.includes(path)

test.group('Chromium discovery', () => {
  test('PUPPETEER_EXECUTABLE_PATH wins over a system Chromium', async ({ assert }) => {
    const found = await findChromium({
      env: { PUPPETEER_EXECUTABLE_PATH: '/opt/chrome/chrome', PATH: '/usr/bin' },
      isExecutable: only('/opt/chrome/chrome', '/usr/bin/chromium'),
      puppeteerCache: async () => ['/cache/chrome'],
    })
    assert.deepEqual(found, { path: '/opt/chrome/chrome', source: 'env' })
  })

  test('a PUPPETEER_EXECUTABLE_PATH that does not exist is a clear error, not a silent fallback', async ({ assert }) => {
    const error = await findChromium({
      env: { PUPPETEER_EXECUTABLE_PATH: '/nowhere/chrome' },
      isExecutable: only('/usr/bin/chromium'),
    }).catch((e) => e)
    assert.instanceOf(error, ChromiumNotFoundError)
    assert.include(error.message, 'PUPPETEER_EXECUTABLE_PATH')
    assert.include(error.message, '/nowhere/chrome')
  })

  test('then the system Chromium, known locations first, then PATH', async ({ assert }) => {
    assert.deepEqual(
      await findChromium({ env: { PATH: '/usr/local/bin' }, isExecutable: only('/usr/bin/chromium-browser', '/usr/local/bin/chromium'), puppeteerCache: async () => ['/cache/chrome'] }),
      { path: '/usr/bin/chromium-browser', source: 'system' }
    )
    assert.deepEqual(
      await findChromium({ env: { PATH: '/usr/local/bin:/home/me/bin' }, isExecutable: only('/home/me/bin/google-chrome'), puppeteerCache: async () => [] }),
      { path: '/home/me/bin/google-chrome', source: 'system' }
    )
  })

  test("then the newest browser in Puppeteer's cache", async ({ assert }) => {
    let askedFor = ''
    const found = await findChromium({
      env: { PATH: '', PUPPETEER_CACHE_DIR: '/srv/pptr' },
      isExecutable: only('/srv/pptr/chrome/linux-131/chrome'),
      puppeteerCache: async (dir) => {
        askedFor = dir
        return ['/srv/pptr/chrome/linux-131/chrome']
      },
    })
    assert.equal(askedFor, '/srv/pptr')
    assert.deepEqual(found, { path: '/srv/pptr/chrome/linux-131/chrome', source: 'puppeteer-cache' })
  })

  test('no browser anywhere: the error says how to install one', async ({ assert }) => {
    const error = await findChromium({ env: { PATH: '' }, isExecutable: () => false, puppeteerCache: async () => [] }).catch((e) => e)
    assert.instanceOf(error, ChromiumNotFoundError)
    assert.include(error.message, 'apt-get install')
    assert.include(error.message, 'PUPPETEER_EXECUTABLE_PATH')
  })

  test('on this machine the real lookup finds an executable', async ({ assert }) => {
    const found = await findChromium()
    assert.oneOf(found.source, ['env', 'system', 'puppeteer-cache'])
    assert.isString(found.path)
  })
})
