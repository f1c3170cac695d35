import { defineConfig } from 'vite'
import adonisjs from '@adonisjs/vite/client'
import tailwindcss from '@tailwindcss/vite'

export default defineConfig({
  // Test runs (bin/test.ts sets PORT from TEST_PORT) each get their own HMR socket port, so
  // parallel runs on one machine do not answer each other's browsers.
  server: process.env.NODE_ENV === 'test' ? { hmr: { port: Number(process.env.PORT || 3334) + 20000 } } : {},
  // Bundle the runtime up front: a dependency discovered on first page load makes Vite reload
  // the page, which a browser test would see as a navigation. Tests keep their own cache.
  optimizeDeps: { include: ['htmx.org', 'alpinejs'] },
  cacheDir: process.env.NODE_ENV === 'test' ? 'tmp/vite' : undefined,
  plugins: [
    tailwindcss(),
    adonisjs({
      entrypoints: ['resources/css/app.css', 'resources/js/app.js'],
      reload: ['resources/views/**/*.edge', 'plugins/*/views/**/*.edge'],
    }),
  ],
})
