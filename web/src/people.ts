// People: the list, add and edit (one form), and the CSV import with a preview before saving.
import { clear, h } from './dom.js';
import {
  announce, api, busy, clearErrors, field, inputValue, notice, pageTitle, render, ROLES, showErrors, showProblem, state, submitForm, table,
} from './core.js';
import { fieldMessage, t } from './i18n.js';
import { emptyFilter, filterForm, matchesFilter } from './list-filter.js';
import { offerMeetings } from './invite-later.js';
import type {
  ApiError, ImportFieldError, PeopleImportAnswer, PeopleImportRequest, PeopleImportRow, PeopleList, PersonSaved, PersonView,
} from '../../functions/contract/api-types.js';

/** The column a server error names, as the preview's header says it. */
function columnName(field: string): string {
  const s = t();
  const key = field.split('.')[0] ?? field;
  return ({ name: s.name, email: s.email, role: s.role, municipality: s.municipality, language: s.language, id: s.name } as Record<string, string>)[key] ?? field;
}

/** Why a cell cannot be saved: missing, not one of the allowed values (named), or the server's message. */
function importProblem(e: ImportFieldError): string {
  const s = t();
  const column = columnName(e.field);
  if (e.problem === 'missing') return `${column}: ${s.importMissing}`;
  if (e.problem === 'not-allowed' && e.allowed) {
    const allowed = e.field === 'role' ? e.allowed.map((r) => (s.roles[r] ?? r).toLowerCase()) : e.field === 'language' ? e.allowed.map((l) => s.languages[l] ?? l) : e.allowed;
    return `${column}: ${s.importNotOneOf(e.value ?? '', allowed.join(', '))}`;
  }
  return `${column}: ${fieldMessage(e.message)}`;
}

/** The rows of a preview (or the ones left out of a save) with what is wrong with each. */
function rowsTable(rows: PeopleImportRow[]): HTMLElement {
  const s = t();
  return table(s.previewTitle, [s.row, s.name, s.email, s.role, s.municipality, s.language, s.status],
    rows.map((r) => [
      String(r.row), r.person?.name ?? r.input.name ?? '', r.input.email ?? '', r.input.role ?? '', r.person?.municipality ?? r.input.municipality ?? '', r.input.language ?? '',
      r.errors.length === 0
        ? h('span', { class: 'badge badge--accept' }, s.rowOk)
        : h('ul', { class: 'row-errors' }, r.errors.map((e) => h('li', null, importProblem(e)))),
    ]), { captionHidden: true });
}

export async function peoplePage(main: HTMLElement): Promise<void> {
  const s = t();
  const listBox = h('div', null, h('p', null, s.loading));
  const formBox = h('section', { 'aria-labelledby': 'person-form-title' });
  const importBox = h('section', { 'aria-labelledby': 'import-title' });
  const status = h('div', { 'aria-live': 'polite' });
  // After adding someone: the upcoming meetings they match, to invite them to.
  const offerBox = h('section', { id: 'meeting-offer' });
  render(main, pageTitle(s.peopleTitle), status, offerBox, formBox, listBox, importBox);
  let people: PersonView[] = [];
  const filter = emptyFilter();
  const tableBox = h('div');
  const shownCount = h('p', { role: 'status', class: 'muted', id: 'people-shown' });

  const showList = () => {
    const shown = people.filter((p) => matchesFilter(p, filter));
    clear(tableBox);
    shownCount.textContent = s.showingOf(shown.length, people.length);
    tableBox.append(shown.length === 0 ? h('p', null, s.noMatches) : table(s.peopleTitle, [s.name, s.email, s.role, s.municipality, s.language, ''],
      shown.map((p) => [
        h('span', null, p.name, p.canSignIn ? h('span', { class: 'badge badge--accept small' }, s.canSignIn) : null),
        p.email,
        s.roles[p.role] ?? p.role,
        p.municipality ?? '–',
        s.languages[p.language] ?? p.language,
        h('button', { type: 'button', class: 'button button--secondary small', 'aria-label': s.editNamed(p.name), onclick: () => showForm(p) }, s.edit),
      ]), { captionHidden: true }));
  };

  const loadList = async () => {
    const res = await api<PeopleList>('GET', '/api/people');
    people = res.ok ? res.data.people : [];
    if (!listBox.contains(tableBox)) {
      clear(listBox);
      listBox.append(filterForm('pf', filter, showList, false), shownCount, tableBox);
    }
    showList();
  };

  const showForm = (editing?: PersonView) => {
    const network = state.network!;
    const button = h('button', { type: 'submit', class: 'button' }, s.savePerson);
    const form = h('form', { novalidate: true, class: 'stack' },
      h('div', { class: 'grid' },
        field({ id: 'p-name', label: `${s.name} *`, value: editing?.name, autocomplete: 'off' }),
        field({ id: 'p-email', label: `${s.email} *`, type: 'email', value: editing?.email, autocomplete: 'off' }),
        field({ id: 'p-role', label: `${s.role} *`, value: editing?.role ?? '', options: [{ value: '', label: s.choose }, ...ROLES.map((r) => ({ value: r, label: s.roles[r] ?? r }))] }),
        field({ id: 'p-municipality', label: s.municipality, value: editing?.municipality ?? '', options: [{ value: '', label: s.none }, ...network.municipalities.map((m) => ({ value: m, label: m }))] }),
        field({ id: 'p-language', label: s.language, value: editing?.language ?? 'da', options: ['da', 'en'].map((l) => ({ value: l, label: s.languages[l] ?? l })) }),
      ),
      h('div', { class: 'actions' }, button,
        editing ? h('button', { type: 'button', class: 'button button--secondary', onclick: () => showForm() }, s.cancel) : null),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const body = {
        name: inputValue(form, 'p-name'),
        email: inputValue(form, 'p-email'),
        role: inputValue(form, 'p-role'),
        municipality: inputValue(form, 'p-municipality'),
        language: inputValue(form, 'p-language'),
      };
      const [method, path] = editing ? ['PUT', `/api/people/${encodeURIComponent(editing.id)}`] : ['POST', '/api/people'];
      void submitForm<PersonSaved>(form, button, method, path, body, (f) => `p-${f.split('.')[0] === 'id' ? 'name' : f.split('.')[0]}`, async (saved) => {
        clear(status);
        status.append(notice(s.personSaved(body.name)));
        announce(s.personSaved(body.name));
        showForm();
        await loadList();
        if (!editing) await offerMeetings(offerBox, saved.person.id, saved.person.name);
      });
    });
    clear(formBox);
    formBox.append(h('h2', { id: 'person-form-title', tabindex: '-1' }, editing ? s.editPerson(editing.name) : s.addPerson), form);
    if (editing) (formBox.querySelector('h2') as HTMLElement).focus();
  };

  const showImport = () => {
    const previewBox = h('div', { 'aria-live': 'polite' });
    const previewButton = h('button', { type: 'submit', class: 'button button--secondary' }, s.preview);
    const form = h('form', { novalidate: true, class: 'stack wide' },
      h('p', { class: 'hint' }, s.importHint),
      field({ id: 'csv-file', label: s.csvFile, type: 'file', attrs: { accept: '.csv,.txt,text/csv' } }),
      field({ id: 'csv-text', label: s.csvText, type: 'textarea', rows: 6, attrs: { spellcheck: 'false' } }),
      h('div', { class: 'actions' }, previewButton),
      previewBox,
    );
    const fileInput = form.querySelector('#csv-file') as HTMLInputElement;
    const textArea = form.querySelector('#csv-text') as HTMLTextAreaElement;
    // A chosen file is sent as its bytes, so the server reads Danish Excel's Windows-1252 right; typing in the box drops it.
    textArea.addEventListener('input', () => (fileInput.value = ''));
    const send = async (dryRun: boolean, button: HTMLButtonElement) => {
      clearErrors(form);
      busy(button, true, s.saving);
      try {
        const file = fileInput.files?.[0];
        // A 400 carries the preview too (a file that cannot be read, no valid row) or, for a bad body, field errors.
        const res = file
          ? await api<PeopleImportAnswer, PeopleImportAnswer & ApiError>('POST', `/api/people/import?dryRun=${dryRun}`, file)
          : await api<PeopleImportAnswer, PeopleImportAnswer & ApiError>('POST', '/api/people/import', { csv: textArea.value, dryRun } satisfies PeopleImportRequest);
        const d: Partial<PeopleImportAnswer & ApiError> = res.data ?? {};
        if (res.status === 400 && d.errors) return showErrors(form, d.errors, () => (file ? 'csv-file' : 'csv-text'));
        if (d.fileErrors?.length) return showErrors(form, d.fileErrors, () => (file ? 'csv-file' : 'csv-text'));
        clear(previewBox);
        // 409: rows were taken by someone else since the preview; nothing was saved.
        if (res.status === 409 || !Array.isArray(d.rows)) return showProblem(form, d.message ?? s.genericError);
        const valid = d.valid ?? 0;
        const invalid = d.invalid ?? 0;
        const badRows = d.rows.filter((r) => r.errors.length > 0);
        if (res.status === 201) {
          previewBox.append(notice(s.imported(d.saved ?? 0)));
          announce(s.imported(d.saved ?? 0));
          if (badRows.length > 0) previewBox.append(h('p', { role: 'status' }, s.importSkipped(badRows.length)), rowsTable(badRows));
          await loadList();
          return;
        }
        const save = h('button', { type: 'button', class: 'button', disabled: valid === 0 }, invalid > 0 ? s.importSaveValid(valid) : s.saveImport(valid));
        save.addEventListener('click', () => void send(false, save));
        previewBox.append(
          h('h3', null, s.previewTitle),
          h('p', { role: 'status' }, s.previewSummary(valid, invalid)),
          h('p', { class: 'hint' }, d.encoding && d.delimiter ? s.importRead(d.encoding, d.delimiter) : ''),
          rowsTable(d.rows),
          h('div', { class: 'actions' }, save),
        );
      } finally {
        busy(button, false);
      }
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void send(true, previewButton);
    });
    clear(importBox);
    importBox.append(h('h2', { id: 'import-title' }, s.importTitle), form);
  };

  showForm();
  showImport();
  await loadList();
}
