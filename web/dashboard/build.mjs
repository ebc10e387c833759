// Builds the dashboard bundle: src/main.ts (with the TypeScript stubs of clients/typescript/gen) into
// index.html + assets/app-SHA.js + assets/app-SHA.css, minified. The output depends only on the sources and
// the pinned esbuild, so scripts/check-dashboard.sh can rebuild it elsewhere and compare byte for byte.
// Usage: node build.mjs OUT_DIR   (scripts/build-dashboard.sh passes src/CrmGrpc.Server/DashboardBundle)
import { createHash } from "node:crypto";
import { build } from "esbuild";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(here, "dist"));

/**
 * The generated stubs live in clients/typescript/gen, outside this package: their bare imports
 * (@bufbuild/protobuf/...) are resolved from this package's node_modules, so one copy of the runtime is
 * bundled whether or not clients/typescript has its own node_modules.
 */
const resolveFromDashboard = {
  name: "resolve-from-dashboard",
  setup(b) {
    b.onResolve({ filter: /^@bufbuild\/protobuf(\/.*)?$/ }, async (args) => {
      if (args.resolveDir === here || args.pluginData === "again") return undefined;
      const result = await b.resolve(args.path, { kind: args.kind, resolveDir: here, pluginData: "again" });
      return result.errors.length > 0 ? { errors: result.errors } : { path: result.path };
    });
  },
};

await rm(outDir, { recursive: true, force: true });
await mkdir(path.join(outDir, "assets"), { recursive: true });

const result = await build({
  absWorkingDir: here,
  entryPoints: { app: "src/main.ts" },
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2022", "chrome110", "firefox110", "safari16"],
  platform: "browser",
  outdir: "out", // nothing is written there (write: false): the files are named and written below
  write: false,
  legalComments: "eof", // the licences stay in the script itself
  logLevel: "warning",
  plugins: [resolveFromDashboard],
});

// Each file is named by the SHA-256 of its bytes (esbuild's own [hash] was seen to differ between runs of identical
// output), so the server can cache assets for a year and index.html names the current ones.
const named = {};
for (const file of result.outputFiles) {
  const extension = path.extname(file.path);
  const name = `assets/app-${createHash("sha256").update(file.contents).digest("hex").slice(0, 12)}${extension}`;
  named[extension] = name;
  await writeFile(path.join(outDir, name), file.contents);
}
if (!named[".js"] || !named[".css"]) throw new Error(`build.mjs: expected app.js and app.css, got ${Object.keys(named).join(", ")}`);
const template = await readFile(path.join(here, "src/index.html"), "utf8");
await writeFile(path.join(outDir, "index.html"), template.replace("%STYLE%", `/${named[".css"]}`).replace("%SCRIPT%", `/${named[".js"]}`));
console.log(`build.mjs: index.html, ${named[".js"]}, ${named[".css"]} in ${path.relative(process.cwd(), outDir) || "."}`);
