export type BuildTarget = 'server' | 'web';
export declare function newestChange(p: string): number;
export declare function buildState(root: string, target: BuildTarget): 'missing' | 'stale' | 'current';
export declare function buildServer(root: string): Promise<void>;
export declare function buildWeb(root: string): Promise<void>;
export declare function ensureBuilt(root: string, target: BuildTarget): Promise<void>;
