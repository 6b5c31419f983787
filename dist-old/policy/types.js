export const MODES = ['armed', 'dry-run', 'monitor'];
export const LEVELS = ['low', 'medium', 'high'];
