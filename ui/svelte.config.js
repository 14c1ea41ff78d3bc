import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Component styles go into the built CSS file, never into runtime <style> tags (CSP).
    css: 'external',
  },
};
