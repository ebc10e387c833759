// Builds the dashboard bundle: src/main.ts (with the TypeScript stubs of clients/typescript/gen) into
// index.html + assets/app-HASH.js + assets/app-HASH.css, minified. The output depends only on the sources and
// the pinned esbuild, so scripts/check-dashboard.sh can rebuild it elsewhere and compare byte for byte.
// Usage: node build.mjs OUT_DIR   (scripts/build-dashboard.sh passes src/CrmGrpc.Server/DashboardBundle)
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
await mkdir(outDir, { recursive: true });

const result = await build({
  absWorkingDir: here,
  entryPoints: { app: "src/main.ts" },
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2022", "chrome110", "firefox110", "safari16"],
  platform: "browser",
  outdir: outDir,
  entryNames: "assets/[name]-[hash]",
  assetNames: "assets/[name]-[hash]",
  legalComments: "linked",
  metafile: true,
  logLevel: "warning",
  plugins: [resolveFromDashboard],
});

// index.html names the hashed files, so the server can cache them for a year and index.html not at all.
const outputs = Object.keys(result.metafile.outputs).map((file) => path.relative(outDir, path.resolve(here, file)).split(path.sep).join("/"));
const script = outputs.find((f) => f.startsWith("assets/app-") && f.endsWith(".js"));
const style = outputs.find((f) => f.startsWith("assets/app-") && f.endsWith(".css"));
if (!script || !style) throw new Error(`build.mjs: expected app-*.js and app-*.css, got ${outputs.join(", ")}`);
const template = await readFile(path.join(here, "src/index.html"), "utf8");
await writeFile(
  path.join(outDir, "index.html"),
  template.replace("%STYLE%", `/${style}`).replace("%SCRIPT%", `/${script}`),
);
console.log(`build.mjs: ${[...outputs, "index.html"].sort().join(", ")} in ${path.relative(process.cwd(), outDir) || "."}`);
