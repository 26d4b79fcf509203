import { Language } from '../domain/notification';
import { type CommandSpec, CliError, need } from './command';

/**
 * `mobility mail language ADDRESS [en|ru]`: the language mail to an address is written in, in the
 * project's database on this machine (DATA_DIR or DATABASE_URL), shown or set. Local, like `records
 * import`: whoever may run it reads DATA_DIR.
 */
export const MAIL_LANGUAGE_COMMAND: CommandSpec = {
  name: 'mail language',
  args: 'ADDRESS [en|ru]',
  summary: 'show, or set, the language mail to ADDRESS is written in (English unless set)',
  options: {},
  example: 'mobility mail language a_seitkali@kbtu.kz ru',
  via: 'local',
  run: async (ctx) => {
    const [address] = need(ctx, MAIL_LANGUAGE_COMMAND, 1);
    const { store, where } = ctx.deps.languages();
    const wanted = ctx.args[1];
    if (wanted !== undefined) {
      const language = Language.safeParse(wanted);
      if (!language.success)
        throw new CliError(
          'invalid',
          `the language must be one of ${Language.options.join(', ')}, not "${wanted}"`,
          {
            issues: [{ path: 'language', message: `one of ${Language.options.join(', ')}` }],
          },
        );
      await store.setMany([{ address: address!, language: language.data }]);
    }
    const language = await store.languageOf(address!);
    ctx.print(
      { address: address!.toLowerCase(), language, where },
      `${address!.toLowerCase()} reads ${language}`,
    );
    return 0;
  },
};
