// 简体中文（issue 15）：modeler 界面的文案。en-US 文件必须有完全相同的键。
export const modelerZhCN = {} as const;
