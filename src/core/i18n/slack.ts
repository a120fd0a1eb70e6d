/** Strings of the slack module (each entry in en and zh-CN). */
export const slack = {} as const;
