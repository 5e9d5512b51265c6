/**
 * `incident-bridge` command line: wires flags to the functions in commands/. Each command's
 * module is loaded inside its action, so `mask` never loads the sandbox, prettier or the
 * Genesys SDK. Errors are printed in one place (lib/report.ts): one prefixed line (or one JSON
 * document with --json), exit 2 for invalid input, 1 for a failed operation.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT_INVALID, InputError } from './lib/errors.ts';
import type { Io } from './lib/io.ts';
import { reportError, runCommand } from './lib/report.ts';
import { untilStopSignal } from './lib/stop-signal.ts';

function parseInteger(value: string): number {
  if (!/^[0-9]{1,9}$/.test(value)) throw new InvalidArgumentError('must be a positive integer');
  return Number(value);
}

/** A TCP port; 0 = any free port. Checked before anything is built or started. */
function parsePort(value: string): number {
  const port = /^[0-9]{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new InvalidArgumentError('must be a port, 0 to 65535');
  return port;
}

/** `start` also listens on the next two ports (the ServiceNow emulator, the sandbox page). */
function parseStartPort(value: string): number {
  const port = parsePort(value);
  if (port > 65533)
    throw new InvalidArgumentError('must be at most 65533 (the sandbox takes the next two ports)');
  return port;
}

function parseList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

export function buildProgram(io: Io, setExitCode: (code: number) => void): Command {
  const program = new Command('incident-bridge')
    .description('Genesys Cloud conversation -> exactly one ServiceNow incident, PII masked.')
    .option('--debug', 'print stack traces of unexpected errors')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // usage errors are printed by main(), the one way every error is printed
      outputError: () => {},
    });

  /** Runs a command through the one error reporter. */
  const run = async (command: string, json: boolean | undefined, body: () => Promise<number>) =>
    setExitCode(
      await runCommand(io, { command, json, debug: program.opts().debug === true }, body),
    );

  program
    .command('validate')
    .description(
      'normalize a request body (flat, conversation object or event) and print it masked, or its errors',
    )
    .argument('<file>', 'JSON file, or - for standard input')
    .option('--json', 'print one JSON document: {valid, shape, request|errors, warnings}')
    .action((file: string, options: { json?: boolean }) =>
      run('validate', options.json, async () => {
        const { validateCommand } = await import('./commands/validate.ts');
        return validateCommand(file, options, io);
      }),
    );

  program
    .command('mask')
    .description('mask PII in text read from standard input')
    .option('--json', 'print {text, counts, truncated}')
    .addOption(
      new Option(
        '--disable <detectors>',
        'comma-separated detectors to switch off (phone,email,card,ssn,iban)',
      ).argParser(parseList),
    )
    .addOption(
      new Option('--max-length <n>', 'characters to mask at most; the rest is cut').argParser(
        parseInteger,
      ),
    )
    .addOption(
      new Option(
        '--regions <codes>',
        'comma-separated ISO 3166 regions whose national phone numbering plans apply (e.g. NL,ES)',
      ).argParser(parseList),
    )
    .action(
      (options: { json?: boolean; disable?: string[]; maxLength?: number; regions?: string[] }) =>
        run('mask', options.json, async () => {
          const { maskCommand } = await import('./commands/mask.ts');
          return maskCommand(options, io);
        }),
    );

  program
    .command('start')
    .description(
      'the sandbox: build both sides, serve them on loopback, run the demo (Ctrl-C stops it)',
    )
    .addOption(
      new Option(
        '--port <n>',
        'port of the Data Action runtime; the ServiceNow emulator and the sandbox page take the next two (default: free ports)',
      ).argParser(parseStartPort),
    )
    .option('--no-demo', 'skip the demo, just serve')
    .action((options: { port?: number; demo: boolean }) =>
      run('start', false, async () => {
        const { startCommand } = await import('./commands/start.ts');
        return startCommand(options, io, untilStopSignal);
      }),
    );

  program
    .command('simulate')
    .description(
      'run one payload through the generated Data Action into the ServiceNow emulator and print the trace',
    )
    .requiredOption(
      '--input <file>',
      'JSON payload (flat Data Action input, conversation object or event), or - for stdin',
    )
    .option('--json', 'print the result and trace as JSON')
    .action((options: { input: string; json?: boolean }) =>
      run('simulate', options.json, async () => {
        const { simulateCommand } = await import('./commands/simulate.ts');
        return simulateCommand(options, io);
      }),
    );

  const deploy = program
    .command('deploy')
    .description('push configuration to a real tenant (see incident-bridge.example.yaml)');
  const deployOptions = (command: Command) =>
    command
      .requiredOption('--env <name>', 'environment block of the config file')
      .option('--config <file>', 'deploy configuration', 'incident-bridge.yaml')
      .option('--dry-run', 'print the plan, change nothing')
      .option('--exit-code', 'with --dry-run: exit 3 when the plan has changes')
      .option('--json', 'print one JSON document');
  deployOptions(
    deploy
      .command('servicenow')
      .description('build and install the ServiceNow app (now-sdk install), then verify it'),
  )
    .option('--skip-build', 'install the existing build under servicenow/dist')
    .option('--force', 'install even when the instance already runs the built version')
    .option('--bump', 'raise the patch version of servicenow/package.json, then build and deploy')
    .action(
      (options: {
        env: string;
        config: string;
        dryRun?: boolean;
        exitCode?: boolean;
        json?: boolean;
        skipBuild?: boolean;
        force?: boolean;
        bump?: boolean;
      }) =>
        run('deploy:servicenow', options.json, async () => {
          const { deployServiceNowCommand } = await import('./commands/deploy-servicenow.ts');
          return deployServiceNowCommand(options, io);
        }),
    );

  deployOptions(
    deploy
      .command('genesys')
      .description(
        'ensure the integration, its credentials and the generated Data Actions in Genesys Cloud',
      ),
  )
    .option('--smoke', 'after deploying, run the action test with dryRun:true')
    .action(
      (options: {
        env: string;
        config: string;
        dryRun?: boolean;
        exitCode?: boolean;
        json?: boolean;
        smoke?: boolean;
      }) =>
        run('deploy:genesys', options.json, async () => {
          const { deployGenesysCommand } = await import('./commands/deploy-genesys.ts');
          const { config, ...rest } = options;
          return deployGenesysCommand({ ...rest, configPath: config }, io);
        }),
    );

  program
    .command('doctor')
    .description('check both tenants step by step and say what to fix (read-only)')
    .requiredOption('--env <name>', 'environment block of the config file')
    .option('--config <file>', 'deploy configuration', 'incident-bridge.yaml')
    .addOption(
      new Option('--only <side>', 'check one side only').choices(['genesys', 'servicenow']),
    )
    .option('--no-test', 'do not run the Genesys action test (dryRun)')
    .option('--json', 'print one JSON document')
    .action(
      (options: {
        env: string;
        config: string;
        only?: 'genesys' | 'servicenow';
        test: boolean;
        json?: boolean;
      }) =>
        run('doctor', options.json, async () => {
          const { doctorCommand } = await import('./commands/doctor.ts');
          return doctorCommand(
            {
              env: options.env,
              config: options.config,
              json: options.json,
              only: options.only,
              noTest: !options.test,
            },
            io,
          );
        }),
    );

  const action = program
    .command('action')
    .description('any Genesys Data Action: check exports and Terraform, run one locally');
  action
    .command('lint')
    .description(
      'check Data Action exports (JSON) and Terraform resources (.tf, .tf.json) for the bugs that fail in production',
    )
    .argument('<paths...>', 'files or directories')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']))
    .option('--json', 'same as --format json')
    .option('--strict', 'warnings fail too (exit 1)')
    .action(
      (
        paths: string[],
        options: { format?: 'text' | 'json' | 'sarif'; json?: boolean; strict?: boolean },
      ) =>
        run('action lint', options.json || options.format === 'json', async () => {
          const { actionLintCommand } = await import('./commands/action-lint.ts');
          return actionLintCommand(paths, options, io);
        }),
    );
  action
    .command('run')
    .description('execute one Data Action with the local runtime and print the Genesys-like trace')
    .argument('<file>', 'export (JSON), .tf or .tf.json')
    .requiredOption('--input <json>', 'the inputs as a JSON object, or @file')
    .option('--base-url <url>', 'what a relative request URL (/api/v2/…) is appended to')
    .option('--action <name>', 'which action, when the file declares several')
    .option('--user-env <name>', 'environment variable with the Basic user name')
    .option('--password-env <name>', 'environment variable with the Basic password')
    .option('--token-env <name>', 'environment variable with a bearer token (Genesys API)')
    .addOption(
      new Option('--timeout-seconds <n>', "overrides the action's timeout").argParser(parseInteger),
    )
    .option('--json', 'print the result and trace as JSON')
    .action(
      (
        file: string,
        options: {
          input: string;
          baseUrl?: string;
          action?: string;
          userEnv?: string;
          passwordEnv?: string;
          tokenEnv?: string;
          timeoutSeconds?: number;
          json?: boolean;
        },
      ) =>
        run('action run', options.json, async () => {
          const { actionRunCommand } = await import('./commands/action-run.ts');
          return actionRunCommand(file, options, io);
        }),
    );

  const servicenow = program.command('servicenow').description('the ServiceNow side');
  servicenow
    .command('serve')
    .description(
      'run the built ServiceNow app in the local emulator on 127.0.0.1 (Ctrl-C stops it)',
    )
    .addOption(
      new Option('--port <n>', 'port to listen on (default: a free one)').argParser(parsePort),
    )
    .action((options: { port?: number }) =>
      run('servicenow serve', false, async () => {
        const { servicenowServeCommand } = await import('./commands/servicenow-serve.ts');
        return servicenowServeCommand(options, io, untilStopSignal);
      }),
    );

  return program;
}

/** Commander's own exits: help and version are fine; anything else is a usage mistake. */
function usageExit(error: CommanderError, argv: readonly string[], io: Io): number {
  if (error.exitCode === 0) return 0;
  // help shown because a command group was run without a subcommand: already printed
  if (error.code === 'commander.help' || error.code === 'commander.helpDisplayed')
    return EXIT_INVALID;
  const message = `${error.message.replace(/^error: /, '')} (run with --help for usage)`;
  const command = argv
    .slice(2)
    .filter((arg) => !arg.startsWith('-'))
    .slice(0, 2)
    .join(' ');
  return reportError(
    io,
    { command: command || 'incident-bridge', json: argv.includes('--json') },
    new InputError(message),
  );
}

/** Runs the CLI with process-style argv; returns the exit code instead of exiting. */
export async function main(argv: string[], io: Io = process): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return usageExit(error, argv, io);
    return reportError(io, { command: 'incident-bridge', debug: argv.includes('--debug') }, error);
  }
}
