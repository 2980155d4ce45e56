import { Table } from '@backstage/core-components';
import TablePagination from '@material-ui/core/TablePagination';
import type { Violation } from '@trellis/plugin-microapps-common';
import { useMemo } from 'react';
import { useViolationColumns, type ViolationRow } from './useViolationColumns';
import { VIOLATION_PAGE_SIZE } from './violationFilters';

/** One page of the app's violations, newest first, with server-side paging. */
export function ViolationsTable(props: {
  items: Violation[];
  totalItems: number;
  page: number;
  onPageChange(page: number): void;
}) {
  const { items, totalItems, page, onPageChange } = props;
  const columns = useViolationColumns();
  const rows = useMemo<ViolationRow[]>(
    () => items.map(item => ({ ...item, key: item.id })),
    [items],
  );

  return (
    <>
      <Table<ViolationRow>
        title={`Violations (${totalItems})`}
        columns={columns}
        data={rows}
        options={{
          paging: false,
          search: false,
          sorting: false,
          draggable: false,
          padding: 'dense',
        }}
      />
      <TablePagination
        component="div"
        count={totalItems}
        page={page}
        rowsPerPage={VIOLATION_PAGE_SIZE}
        rowsPerPageOptions={[VIOLATION_PAGE_SIZE]}
        onPageChange={(_event, next) => onPageChange(next)}
      />
    </>
  );
}
