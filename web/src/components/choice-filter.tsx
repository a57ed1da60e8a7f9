import { Select, Text } from '@fluentui/react-components';
import { useId } from 'react';

/** A labelled drop-down that filters a list by one of `choices`, or by none ("any", the empty string). */
export function ChoiceFilter<T extends string>({
  label,
  choices,
  value,
  onChange,
}: {
  label: string;
  choices: readonly T[];
  value: T | '';
  onChange: (value: T | '') => void;
}) {
  const labelId = useId();
  return (
    <div style={{ display: 'flex', gap: 8, alignItems: 'center', margin: '8px 0' }}>
      <Text id={labelId}>{label}</Text>
      <Select aria-labelledby={labelId} value={value} onChange={(_, data) => onChange(data.value as T | '')}>
        <option value="">any</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </Select>
    </div>
  );
}
