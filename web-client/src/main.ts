import { createApp } from 'vue'
import { createPinia } from 'pinia'
import './styles/theme.css'
import App from './App.vue'
import { i18n, setLocale, currentLocale } from './i18n'
import { router } from './router'

setLocale(currentLocale())

createApp(App).use(createPinia()).use(i18n).use(router).mount('#app')
