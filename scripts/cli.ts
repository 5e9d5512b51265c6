/**
 * `incident-bridge` command line: wires flags to the functions in commands/ and prints every
 * error in one place — one line on stderr, no stack trace unless --debug.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { deployGenesysCommand } from './commands/deploy-genesys.ts';
import { deployServiceNowCommand } from './commands/deploy-servicenow.ts';
import { doctorCommand } from './commands/doctor.ts';
import { maskCommand } from './commands/mask.ts';
import { servicenowServeCommand } from './commands/servicenow-serve.ts';
import { simulateCommand } from './commands/simulate.ts';
import { startCommand } from './commands/start.ts';
import { validateCommand } from './commands/validate.ts';
import { CliError, EXIT_USAGE } from './lib/errors.ts';
import { writeLine, type Io } from './lib/io.ts';

function parseInteger(value: string): number {
  if (!/^[0-9]+$/.test(value)) throw new InvalidArgumentError('must be a positive integer');
  return Number(value);
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
    })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('validate')
    .description(
      'normalize a request body (flat, conversation object or event) and print it masked, or its errors',
    )
    .argument('<file>', 'JSON file, or - for standard input')
    .option('--json', 'print one JSON document: {valid, shape, request|errors, warnings}')
    .action(async (file: string, options: { json?: boolean }) => {
      setExitCode(await validateCommand(file, options, io));
    });

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
    .action(async (options: { json?: boolean; disable?: string[]; maxLength?: number }) => {
      setExitCode(await maskCommand(options, io));
    });

  program
    .command('start')
    .description(
      'the sandbox: build both sides, serve them on loopback, run the demo (Ctrl-C stops it)',
    )
    .addOption(
      new Option(
        '--port <n>',
        'port of the Data Action runtime; the ServiceNow emulator takes the next one',
      ).argParser(parseInteger),
    )
    .option('--no-demo', 'skip the demo, just serve')
    .action(async (options: { port?: number; demo: boolean }) => {
      setExitCode(await startCommand(options, io, untilInterrupted()));
    });

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
    .action(async (options: { input: string; json?: boolean }) => {
      setExitCode(await simulateCommand(options, io));
    });

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
    .action(
      async (options: {
        env: string;
        config: string;
        dryRun?: boolean;
        exitCode?: boolean;
        json?: boolean;
        skipBuild?: boolean;
        force?: boolean;
      }) => {
        setExitCode(await deployServiceNowCommand(options, io));
      },
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
      async (options: {
        env: string;
        config: string;
        dryRun?: boolean;
        exitCode?: boolean;
        json?: boolean;
        smoke?: boolean;
      }) => {
        const { config, ...rest } = options;
        setExitCode(await deployGenesysCommand({ ...rest, configPath: config }, io));
      },
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
      async (options: {
        env: string;
        config: string;
        only?: 'genesys' | 'servicenow';
        test: boolean;
        json?: boolean;
      }) => {
        setExitCode(
          await doctorCommand(
            {
              env: options.env,
              config: options.config,
              json: options.json,
              only: options.only,
              noTest: !options.test,
            },
            io,
          ),
        );
      },
    );

  const servicenow = program.command('servicenow').description('the ServiceNow side');
  servicenow
    .command('serve')
    .description(
      'run the built ServiceNow app in the local emulator on 127.0.0.1 (Ctrl-C stops it)',
    )
    .addOption(
      new Option('--port <n>', 'port to listen on (default: a free one)').argParser(parseInteger),
    )
    .action(async (options: { port?: number }) => {
      setExitCode(await servicenowServeCommand(options, io, untilInterrupted()));
    });

  return program;
}

/** Resolves on the first Ctrl-C or SIGTERM. */
function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** Runs the CLI with process-style argv; returns the exit code instead of exiting. */
export async function main(argv: string[], io: Io = process): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit 0; usage mistakes were already printed by commander
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof CliError) {
      writeLine(io.stderr, `incident-bridge: ${error.message}`);
      return error.exitCode;
    }
    writeLine(
      io.stderr,
      `incident-bridge: unexpected error: ${error instanceof Error ? error.message : String(error)}`,
    );
    if (program.opts().debug && error instanceof Error && error.stack)
      writeLine(io.stderr, error.stack);
    return EXIT_USAGE;
  }
}
