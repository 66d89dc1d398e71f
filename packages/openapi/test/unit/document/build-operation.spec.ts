import { expect } from 'chai';
import { defaultTag } from '../../../src/document/build-operation';

describe('defaultTag', () => {
  it('drops the Controller suffix of the controller name', () => {
    expect(defaultTag(class NotesController {})).to.equal('Notes');
  });

  it('keeps a name that is only the suffix, and names an anonymous class', () => {
    expect(defaultTag(class Controller {})).to.equal('Controller');
    expect(defaultTag((() => class {})())).to.equal('Default');
  });
});
