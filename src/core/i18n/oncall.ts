/** Strings of the oncall module (each entry in en and zh-CN). */
export const oncall = {} as const;
