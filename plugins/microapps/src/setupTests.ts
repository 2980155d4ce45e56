import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI runs every package's tests in parallel on two cores: give findBy* and
// waitFor the time a loaded machine needs before they give up.
configure({ asyncUtilTimeout: 15_000 });

// The same for whole tests: a component test that clicks through a dialog can
// take more than Jest's default 5 s there.
jest.setTimeout(90_000);
