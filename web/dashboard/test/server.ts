// Starts the built Release server (and runs the built crm CLI) for the browser tests: 127.0.0.1, port 0, a web
// endpoint, a database in a temporary folder.
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The checkout (test.sh runs from web/dashboard and says where it is). */
export const repoRoot = path.resolve(process.env.CRM_REPO_ROOT ?? path.join(process.cwd(), "../.."));
export const serverDll = path.join(repoRoot, ".artifacts/bin/CrmGrpc.Server/release/CrmGrpc.Server.dll");
export const cliDll = path.join(repoRoot, ".artifacts/bin/CrmGrpc.Cli/release/crm.dll");
export const sharedData = path.resolve(repoRoot, "../shared/data");

export interface RunningServer {
  grpcAddress: string;
  webAddress: string;
  log: () => string;
  stop: () => Promise<void>;
}

export async function startServer(databasePath: string, extraArgs: string[] = []): Promise<RunningServer> {
  if (!existsSync(serverDll)) throw new Error(`${serverDll} is missing: build first (dotnet build CrmGrpc.sln -c Release)`);
  const child: ChildProcess = spawn(
    "dotnet",
    [serverDll, "--urls", "http://127.0.0.1:0", "--web-urls", "http://127.0.0.1:0", "--db", databasePath, ...extraArgs],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const grpc = /gRPC endpoint listening on: (http:\/\/[0-9.:]+)/.exec(output)?.[1];
    const web = /Web endpoint listening on: (http:\/\/[0-9.:]+)/.exec(output)?.[1];
    if (grpc && web) {
      return {
        grpcAddress: grpc,
        webAddress: web,
        log: () => output,
        stop: async () => {
          if (child.exitCode === null) child.kill("SIGTERM");
          await exited;
        },
      };
    }
    if (child.exitCode !== null) throw new Error(`the server exited before listening:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server did not listen within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs the crm CLI against a server; throws with its output when it fails. */
export async function crm(server: RunningServer, ...args: string[]): Promise<string> {
  const { stdout } = await run("dotnet", [cliDll, "--server", server.grpcAddress, ...args], { timeout: 180_000, maxBuffer: 64 << 20 });
  return stdout;
}
