import { countTokens, createSimulatedModel } from './model';

describe('countTokens', () => {
  it('estimates words × 1.3, rounded', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('one')).toBe(1);
    expect(countTokens('one two three four five')).toBe(7);
    expect(countTokens('  spaced\n\nout   words ')).toBe(4);
  });
});

describe('createSimulatedModel', () => {
  const model = createSimulatedModel({
    model: 'azure-gpt-4.1-mini',
    provider: 'azure.ai.openai',
  });

  it('keeps the first two sentences of the article after the instruction', async () => {
    const completion = await model.chat(
      'Summarise this.\n\nFirst sentence here. Second one! Third? Fourth.',
    );
    expect(completion).toEqual({
      text: 'First sentence here. Second one!',
      model: 'azure-gpt-4.1-mini',
      inputTokens: 12, // 9 words
      outputTokens: 7, // 5 words
      finishReasons: ['stop'],
    });
  });

  it('cuts the summary at maxOutputTokens and says so', async () => {
    const short = createSimulatedModel({
      model: 'm',
      provider: 'p',
      maxOutputTokens: 5,
    });
    const completion = await short.chat(
      'Do it.\n\none two three four five six seven eight.',
    );
    expect(completion.text).toBe('one two three four'); // round(4 × 1.3) = 5
    expect(completion.outputTokens).toBe(5);
    expect(completion.finishReasons).toEqual(['length']);
  });

  it('is deterministic', async () => {
    const prompt = 'Summarise.\n\nA. B. C.';
    expect(await model.chat(prompt)).toEqual(await model.chat(prompt));
  });
});
