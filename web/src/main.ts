import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import router from './router';
import './assets/main.css';

// 1. Create the app with its store and router.
const app = createApp(App);
app.use(createPinia());
app.use(router);

// 2. Mount: the theme was already applied by index.html before first paint.
app.mount('#app');
