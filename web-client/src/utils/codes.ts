export const TOPICS = [
  'academic_stress', 'relationships', 'parent_child', 'emotions', 'internet_use',
  'bullying', 'career', 'puberty', 'family_change', 'sleep',
] as const
export const GRADE_BANDS = ['primary_lower', 'primary_upper', 'junior', 'senior'] as const
export const LANGUAGES = ['zh', 'wzh', 'en'] as const
export const GENDERS = ['female', 'male'] as const
export const MODES = ['chat', 'video'] as const
