/** Strings of the feishu module (each entry in en and zh-CN). */
export const feishu = {} as const;
