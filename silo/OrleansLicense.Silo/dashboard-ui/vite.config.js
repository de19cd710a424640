import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The silo serves the bundle at /dashboard from wwwroot/dashboard beside its assembly; the silo's
// csproj runs this build before `dotnet build` whenever the sources are newer than the bundle.
export default defineConfig({
  base: '/dashboard/',
  build: {
    outDir: fileURLToPath(new URL('../wwwroot/dashboard', import.meta.url)),
    // The output folder is outside the Vite root, so Vite only empties it when told to; stale
    // hashed files would otherwise pile up there.
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 400,
  },
});
