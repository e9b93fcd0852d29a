/** Quotes one word for POSIX sh: safe words stay bare, anything else goes in single quotes. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export const shellCommand = (words: readonly string[]): string => words.map(shellQuote).join(' ');
