/**
 * 与户主关系: the relationships to the head of household an application may give, in the words of the household
 * register. One list for the server (validation, the import template's notes) and the web form, which imports
 * this file; it imports nothing so both builds can read it.
 */
export const RELATIONS = ['户主', '配偶', '子', '女', '儿媳', '女婿', '父亲', '母亲', '孙子', '孙女', '兄弟姐妹', '其他'] as const;
export type Relation = (typeof RELATIONS)[number];
