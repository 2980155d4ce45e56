import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI runs every package's tests in parallel on two cores: give findBy* and
// waitFor the time a loaded machine needs before they give up.
configure({ asyncUtilTimeout: 5000 });
