import { useEffect, useRef, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';

const SEARCH_DEBOUNCE_MS = 300;

/**
 * The search box edits local text; `onCommit` hands it on once typing pauses.
 * A new `committed` text (back button, "clear filters") replaces the local one.
 */
export function useSearchText(
  committed: string,
  onCommit: (text: string) => void,
) {
  const [searchText, setSearchText] = useState(committed);
  const committedSearch = useRef(committed);
  useEffect(() => {
    // The URL changed from elsewhere (back button, "clear filters").
    if (committed !== committedSearch.current) {
      committedSearch.current = committed;
      setSearchText(committed);
    }
  }, [committed]);
  useDebounce(
    () => {
      if (searchText !== committed) {
        committedSearch.current = searchText;
        onCommit(searchText);
      }
    },
    SEARCH_DEBOUNCE_MS,
    [searchText],
  );

  const clearSearchText = () => {
    committedSearch.current = '';
    setSearchText('');
  };

  return { searchText, setSearchText, clearSearchText };
}
