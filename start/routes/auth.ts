import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const SessionController = () => import('#controllers/auth/session_controller')

router.get('/login', [SessionController, 'create']).as('auth.login').use(middleware.guest())
router.post('/login', [SessionController, 'store']).as('auth.login.store').use(middleware.guest())
router.post('/logout', [SessionController, 'destroy']).as('auth.logout').use(middleware.auth())
router.post('/locale', [SessionController, 'locale']).as('auth.locale')
